import { Injectable } from '@nestjs/common';
import { RegionsService } from '../regions/regions.service';

/** A region as the report views need it. */
export interface DirectoryRegion {
  code: string;
  name: string;
}

interface Directory {
  names: Map<string, string>;
  /** Children of a code ('' = the nation's provinces), in code order. */
  children: Map<string, DirectoryRegion[]>;
  /** Every kecamatan, in code order. */
  kecamatan: DirectoryRegion[];
}

/**
 * The provinces, kabupaten/kota and kecamatan in memory (about 8,000 rows, loaded once: the Kemendagri codes do not
 * change while the API runs). Every report view needs a region's existence, its name or its children; asking the
 * database each time was a large share of a view's fixed cost. Codes below a kecamatan (desa) are not held here:
 * `exists` and `namesOf` ask RegionsService for those.
 */
@Injectable()
export class RegionDirectory {
  private directory?: Promise<Directory>;

  constructor(private readonly regions: RegionsService) {}

  async exists(code: string): Promise<boolean> {
    const { names } = await this.load();
    return names.has(code) || (depthOf(code) > 3 && (await this.regions.exists(code)));
  }

  async namesOf(codes: string[]): Promise<Map<string, string>> {
    const { names } = await this.load();
    const found = new Map<string, string>();
    const missing: string[] = [];
    for (const code of codes) {
      const name = names.get(code);
      if (name !== undefined) found.set(code, name);
      else if (depthOf(code) > 3) missing.push(code);
    }
    if (missing.length > 0) for (const [code, name] of await this.regions.namesOf(missing)) found.set(code, name);
    return found;
  }

  /** The children of a province, kabupaten/kota or the nation (''); a kecamatan's children (desa) are not held: []. */
  async children(parent: string): Promise<DirectoryRegion[]> {
    return (await this.load()).children.get(parent) ?? [];
  }

  /** The kecamatan under `code` (all for ''), in code order. */
  async kecamatanUnder(code: string): Promise<DirectoryRegion[]> {
    const { kecamatan } = await this.load();
    return code === '' ? kecamatan : kecamatan.filter((k) => k.code === code || k.code.startsWith(`${code}.`));
  }

  private load(): Promise<Directory> {
    this.directory ??= this.read().catch((error: unknown) => {
      this.directory = undefined;
      throw error;
    });
    return this.directory;
  }

  /** Three queries: the kecamatan, then the names of their kabupaten/kota and provinces (derived from the codes). */
  private async read(): Promise<Directory> {
    const kecamatan = await this.regions.kecamatanUnder(null);
    const parents = new Set<string>();
    for (const k of kecamatan) {
      const [province, regency] = k.code.split('.');
      parents.add(province);
      parents.add(`${province}.${regency}`);
    }
    const parentNames = await this.regions.namesOf([...parents]);
    const provinces = [...(await this.regions.children(undefined, 1, 1000)).items];
    const names = new Map<string, string>([...parentNames, ...provinces.map((p): [string, string] => [p.code, p.name]), ...kecamatan.map((k): [string, string] => [k.code, k.name])]);
    const children = new Map<string, DirectoryRegion[]>();
    const add = (parent: string, region: DirectoryRegion) => {
      const list = children.get(parent) ?? [];
      list.push(region);
      children.set(parent, list);
    };
    for (const code of [...names.keys()].sort()) {
      const parent = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : '';
      add(parent, { code, name: names.get(code)! });
    }
    return { names, children, kecamatan };
  }
}

function depthOf(code: string): number {
  return code === '' ? 0 : code.split('.').length;
}
