import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** An image, stored once by the sha256 of its bytes however many versions use it. */
@Entity('media_files')
export class MediaFile {
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'pk_media_files' })
  hash: string;

  @Column({ type: 'varchar', length: 50 })
  contentType: string;

  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
