import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/passwords';
import { Role } from '../auth/policy.decorator';
import { Pillar } from '../common/pillar';
import type { AppConfig } from '../config/app-config';
import { UsersRepository } from './users.repository';

export interface DemoAccount {
  name: string;
  phone: string;
  password: string;
  role: Role;
  regionCode: string | null;
  pillar: Pillar | null;
}

/** Contract 6 of DESIGN.md, plus a few workers of the other pillars in Kota Sukabumi. Demo only. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  { name: 'Admin Pusat (Demo)', phone: '+6281100000001', password: 'demo-pusat-2026', role: Role.ADMIN_PUSAT, regionCode: null, pillar: null },
  { name: 'Admin Dinsos Kota Sukabumi (Demo)', phone: '+6281100000002', password: 'demo-dinsos-2026', role: Role.ADMIN_DINSOS, regionCode: '32.72', pillar: null },
  { name: 'Pelatih Kota Sukabumi (Demo)', phone: '+6281100000003', password: 'demo-pelatih-2026', role: Role.PELATIH, regionCode: '32.72', pillar: null },
  { name: 'Siti Nurhaliza (Demo TKSK)', phone: '+6281100000004', password: 'demo-peserta-2026', role: Role.PESERTA, regionCode: '32.72.03', pillar: Pillar.TKSK },
  { name: 'Asep Saepudin (Demo Tagana)', phone: '+6281100000005', password: 'demo-peserta-2026', role: Role.PESERTA, regionCode: '32.72.01', pillar: Pillar.TAGANA },
  { name: "Dewi Ma'rifah (Demo PSM)", phone: '+6281100000006', password: 'demo-peserta-2026', role: Role.PESERTA, regionCode: '32.72.02', pillar: Pillar.PSM },
  { name: 'Rizky Pratama (Demo Karang Taruna)', phone: '+6281100000007', password: 'demo-peserta-2026', role: Role.PESERTA, regionCode: '32.72.04', pillar: Pillar.KARANG_TARUNA },
  { name: 'Yuliani (Demo Pendamping PKH)', phone: '+6281100000008', password: 'demo-peserta-2026', role: Role.PESERTA, regionCode: '32.72.05', pillar: Pillar.PENDAMPING_PKH },
  { name: 'Ujang Sobari (Demo SLRT)', phone: '+6281100000009', password: 'demo-peserta-2026', role: Role.PESERTA, regionCode: '32.72', pillar: Pillar.SLRT },
];

/** Adds the demo accounts that are missing (never touches existing ones). Returns how many were added. */
export async function seedDemoAccounts(db: DataSource): Promise<number> {
  const users = new UsersRepository(db);
  let added = 0;
  for (const account of DEMO_ACCOUNTS) {
    if (await users.existsByPhone(account.phone)) continue;
    if (await users.insertActive({ ...account, email: null }, await hashPassword(account.password))) added++;
  }
  return added;
}

/**
 * Seeds the demo accounts at start-up in development (DEMO_ACCOUNTS=true|false overrides), never in production nor,
 * unless asked, in tests; prints the logins so that anyone can try every role.
 */
@Injectable()
export class DemoAccountsSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoAccounts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = this.config.get('NODE_ENV', { infer: true });
    const wanted = this.config.get('DEMO_ACCOUNTS', { infer: true }) ?? env === 'development';
    if (!wanted) return;
    if (env === 'production') {
      this.logger.warn('DEMO_ACCOUNTS is ignored in production: no demo accounts are created.');
      return;
    }
    await seedDemoAccounts(this.db);
    const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(12)} ${`0${a.phone.slice(3)}`.padEnd(14)} ${a.password.padEnd(18)} ${a.regionCode ?? 'nasional'}`);
    console.log(['', 'Akun demo (hanya untuk mencoba; tidak pernah ada di produksi):', ...lines, ''].join('\n'));
  }
}
