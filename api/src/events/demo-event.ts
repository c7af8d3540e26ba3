import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Role } from '../auth/policy.decorator';
import type { AppConfig } from '../config/app-config';
import { Pillar } from '../common/pillar';
import { UsersService } from '../users/users.service';
import { EventsService } from './events.service';

/** The demo trainer of Kota Sukabumi (see users/demo-accounts.ts). */
const DEMO_TRAINER_PHONE = '+6281100000003';
const DEMO_TITLE = 'Bimtek TKSK Kota Sukabumi (Demo)';
const DAY_MS = 24 * 60 * 60_000;

/** `YYYY-MM-DD` in WIB, `days` from now. */
function wibDate(days: number): string {
  return new Date(Date.now() + 7 * 60 * 60_000 + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A demo event where demo accounts are seeded (development): a two-day bimtek of the demo trainer a week ahead, the
 * region's TKSK workers invited, so the trainer's and the worker's event pages have something to show. Idempotent
 * (once per trainer and title), through the events service only; a failure is logged and never stops the start.
 */
@Injectable()
export class DemoEventSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoEvent');

  constructor(
    private readonly events: EventsService,
    private readonly users: UsersService,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.get('NODE_ENV', { infer: true });
    const wanted = this.config.get('DEMO_ACCOUNTS', { infer: true }) ?? env === 'development';
    if (!wanted || env === 'production') return;
    try {
      await this.seed();
    } catch (error) {
      this.logger.warn(`Demo event not created: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async seed(): Promise<void> {
    const [match] = await this.users.findByPhones([DEMO_TRAINER_PHONE]);
    if (!match || match.role !== Role.PELATIH) return;
    const trainer = { id: match.id, name: match.name, role: match.role, regionCode: match.regionCode, pillar: match.pillar };
    const existing = await this.events.list(trainer, { page: 1, pageSize: 100 });
    if (existing.items.some((event) => event.title === DEMO_TITLE)) return;
    const meta = { ip: null, userAgent: 'demo-seeder' };
    const { id } = await this.events.create(
      trainer,
      {
        title: DEMO_TITLE,
        regionCode: '32.72',
        venue: 'Aula Dinas Sosial Kota Sukabumi',
        capacity: 40,
        pillars: [Pillar.TKSK],
        days: [
          { date: wibDate(7), start: '08:00', end: '15:00', agenda: [{ start: '08:00', end: '10:00', title: 'Peran TKSK di kecamatan', kind: 'learning' }, { start: '10:15', end: '12:00', title: 'Pendataan DTSEN', kind: 'learning' }] },
          { date: wibDate(8), start: '08:00', end: '12:00', agenda: [{ start: '08:00', end: '10:00', title: 'Rujukan dan pelaporan', kind: 'learning' }] },
        ],
      },
      meta,
    );
    await this.events.invite(trainer, id, { pillar: Pillar.TKSK, regionCode: '32.72' }, meta);
  }
}
