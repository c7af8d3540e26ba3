import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-context';
import { Role } from '../auth/policy.decorator';
import type { AppConfig } from '../config/app-config';
import { DEMO_ACCOUNTS, seedDemoAccounts } from '../users/demo-accounts';
import { UsersService } from '../users/users.service';
import { FIRST_MODULE_ID } from './draft-template';
import { StudioDraftStatus } from './entities/studio-draft.entity';
import type { SaveQuestionDto } from './studio.dto';
import { StudioService } from './studio.service';

export const DEMO_DRAFT_SLUG = 'siaga-banjir-kota-sukabumi';

const LESSON_ONE = `---
title: Mengenali Ancaman Banjir
minutes: 1
---
## Banjir di Kota Sukabumi

Banjir dan longsor sering terjadi saat musim hujan di lereng dan bantaran sungai. Pekerja sosial yang **mengenal
wilayahnya** tahu lebih dulu siapa yang paling terancam: lansia, penyandang disabilitas, ibu hamil, dan anak.

- Catat bantaran sungai dan lereng di kelurahan Anda.
- Catat warga rentan yang tinggal di sana, tanpa NIK atau nomor KK.

## Sumber

- Undang-Undang Nomor 24 Tahun 2007 tentang Penanggulangan Bencana: [peraturan.bpk.go.id](https://peraturan.bpk.go.id/)
`;

const LESSON_TWO = `---
title: Saat Air Naik
minutes: 1
---
## Langkah pertama

Saat air naik, **keselamatan warga** didahulukan. Laporkan keadaan ke posko dan ikut kaji cepat bersama BPBD sebelum
membagikan bantuan.

1. Pastikan warga rentan sudah dievakuasi.
2. Laporkan jumlah pengungsi ke posko.
3. Bantu dapur umum bila diminta.

## Sumber

- Peraturan Menteri Sosial Nomor 28 Tahun 2012 tentang Pedoman Umum Tagana: [peraturan.bpk.go.id](https://peraturan.bpk.go.id/)
`;

type DemoQuestion = Omit<SaveQuestionDto, 'baseVersion'>;

function demoQuestion(id: string, bank: string, prompt: string, options: string[], answer: number, explanation: string): DemoQuestion {
  return { bank, id, module: FIRST_MODULE_ID, kind: 'scenario', type: 'single', prompt, options, answer: [answer], explanation };
}

const QUESTIONS: DemoQuestion[] = [
  demoQuestion('banjir-pre-01', 'questions/pretest.yaml', 'Siapa yang paling perlu didahulukan saat evakuasi banjir?', ['Pemuda yang sehat', 'Lansia dan penyandang disabilitas', 'Pemilik kendaraan'], 1, 'Warga rentan didahulukan (UU 24/2007).'),
  demoQuestion('banjir-post-01', 'questions/posttest.yaml', 'Air sungai naik cepat malam hari. Apa yang Anda lakukan lebih dulu?', ['Memotret untuk media sosial', 'Memastikan warga rentan dievakuasi dan melapor ke posko', 'Menunggu pagi'], 1, 'Keselamatan warga didahulukan; memotret dan menunggu menunda pertolongan.'),
  demoQuestion('banjir-post-02', 'questions/posttest.yaml', 'Warga meminta bantuan makanan sebelum kaji cepat. Apa yang tepat?', ['Membagikan semua bahan yang ada', 'Ikut kaji cepat bersama BPBD, lalu membagi sesuai data', 'Menolak semua permintaan'], 1, 'Tanpa data bantuan tidak merata; kaji cepat memastikan kebutuhan.'),
  demoQuestion('banjir-post-03', 'questions/posttest.yaml', 'Anda mencatat warga rentan di bantaran sungai. Apa yang tidak boleh dicatat?', ['Jumlah lansia', 'NIK dan nomor KK', 'Letak rumah terhadap sungai'], 1, 'Data pribadi seperti NIK dan nomor KK tidak dicatat dalam pemetaan.'),
  demoQuestion('banjir-post-04', 'questions/posttest.yaml', 'Posko meminta jumlah pengungsi. Dari mana angkanya?', ['Perkiraan sendiri', 'Pendataan di tempat pengungsian', 'Media sosial'], 1, 'Angka pengungsi diambil dari pendataan, bukan perkiraan.'),
  demoQuestion('banjir-post-05', 'questions/posttest.yaml', 'Dapur umum kekurangan tenaga. Apa yang Anda lakukan?', ['Meninggalkan posko', 'Membantu sesuai pembagian tugas dari koordinator', 'Memasak sendiri di rumah'], 1, 'Bantuan dapur umum mengikuti pembagian tugas supaya makanan aman dan merata.'),
];

/**
 * Demo data of the studio (issue #18): the demo trainer has one regional draft waiting for the demo Dinsos admin's
 * review, so the review flow can be tried at once after `npm start`. Idempotent: a draft with the demo slug is never
 * made twice. Runs after the demo accounts (it seeds them first itself, which is idempotent), through the services only.
 */
@Injectable()
export class StudioDemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('StudioDemo');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly users: UsersService,
    private readonly studio: StudioService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.get('NODE_ENV', { infer: true });
    const wanted = this.config.get('DEMO_ACCOUNTS', { infer: true }) ?? env === 'development';
    if (!wanted || env === 'production') return;
    try {
      await seedDemoAccounts(this.db);
      if (await seedStudioDemo(this.users, this.studio)) this.logger.log(`Draf demo "${DEMO_DRAFT_SLUG}" menunggu tinjauan admin Dinsos.`);
    } catch (error) {
      this.logger.warn(`Draf demo studio tidak dibuat: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Makes the demo trainer's waiting draft when it does not exist yet; true when it made one. */
export async function seedStudioDemo(users: UsersService, studio: StudioService): Promise<boolean> {
  const account = DEMO_ACCOUNTS.find((demo) => demo.role === Role.PELATIH)!;
  const [row] = await users.findByPhones([account.phone]);
  if (!row || row.role !== Role.PELATIH) return false;
  const trainer: AuthUser = { id: row.id, name: row.name, role: row.role, regionCode: row.regionCode, pillar: row.pillar };
  const existing = await studio.list(trainer);
  if (existing.items.some((draft) => draft.slug === DEMO_DRAFT_SLUG)) return false;

  let draft = await studio.createDraft(trainer, { slug: DEMO_DRAFT_SLUG, title: 'Siaga Banjir di Kota Sukabumi' }, null);
  draft = await studio.saveCourseFields(trainer, draft.id, {
    baseVersion: draft.version,
    summary: 'Bekal singkat bagi pilar sosial Kota Sukabumi untuk mengenali ancaman banjir dan bertindak saat air naik.',
  });
  draft = await studio.saveFile(trainer, draft.id, 'lessons/01-pengantar.md', { content: LESSON_ONE, baseVersion: draft.version });
  draft = await studio.addLesson(trainer, draft.id, { title: 'Saat Air Naik', baseVersion: draft.version });
  draft = await studio.saveFile(trainer, draft.id, 'lessons/02-saat-air-naik.md', { content: LESSON_TWO, baseVersion: draft.version });
  for (const question of QUESTIONS) draft = await studio.saveQuestion(trainer, draft.id, { ...question, baseVersion: draft.version });
  if (draft.problems.length > 0) throw new Error(`the demo draft has problems: ${JSON.stringify(draft.problems)}`);
  const submitted = await studio.submit(trainer, draft.id, 'Kursus baru untuk musim hujan: dua pelajaran dan enam soal.', null);
  return submitted.status === StudioDraftStatus.SUBMITTED;
}
