import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Secrets the application generates for itself on first start when the configuration gives none (e.g. the NIK key). */
@Entity('app_secrets')
export class AppSecret {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'text', select: false })
  value: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
