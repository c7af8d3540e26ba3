/** The pilar-pilar sosial: a worker (PESERTA) belongs to one; courses name the ones they are for. */
export enum Pillar {
  TKSK = 'TKSK',
  TAGANA = 'TAGANA',
  PSM = 'PSM',
  KARANG_TARUNA = 'KARANG_TARUNA',
  PENDAMPING_PKH = 'PENDAMPING_PKH',
  SLRT = 'SLRT',
}

export const PILLAR_LABELS: Record<Pillar, string> = {
  [Pillar.TKSK]: 'TKSK',
  [Pillar.TAGANA]: 'Tagana',
  [Pillar.PSM]: 'PSM',
  [Pillar.KARANG_TARUNA]: 'Karang Taruna',
  [Pillar.PENDAMPING_PKH]: 'Pendamping PKH',
  [Pillar.SLRT]: 'SLRT/Puskesos',
};

const ALIASES: Record<string, Pillar> = {
  tksk: Pillar.TKSK,
  tenagakesejahteraansosialkecamatan: Pillar.TKSK,
  tagana: Pillar.TAGANA,
  tarunasiagabencana: Pillar.TAGANA,
  psm: Pillar.PSM,
  pekerjasosialmasyarakat: Pillar.PSM,
  karangtaruna: Pillar.KARANG_TARUNA,
  kartar: Pillar.KARANG_TARUNA,
  pendampingpkh: Pillar.PENDAMPING_PKH,
  pkh: Pillar.PENDAMPING_PKH,
  pendampingprogramkeluargaharapan: Pillar.PENDAMPING_PKH,
  slrt: Pillar.SLRT,
  puskesos: Pillar.SLRT,
  slrtpuskesos: Pillar.SLRT,
  puskesosslrt: Pillar.SLRT,
  sistemlayanandanrujukanterpadu: Pillar.SLRT,
};

const PILLAR_INPUT_MAX_LENGTH = 100;

/** Reads a pillar as people write it: `karang taruna`, `Pendamping PKH`, `Pekerja Sosial Masyarakat`, `SLRT/Puskesos`. */
export function parsePillar(input: string): Pillar | null {
  // The longest alias is about 40 letters; longer input is no pillar and is never scanned.
  if (typeof input !== 'string' || input.length > PILLAR_INPUT_MAX_LENGTH) return null;
  const key = input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z]/g, '');
  return ALIASES[key] ?? null;
}
