import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The package of a published course version, kept so that any version can be exported as exactly the files it was
 * published from (the courses domain keeps the rendered course, not its files). `regionCode` null = national.
 */
@Entity('studio_packages')
export class StudioPackage {
  @PrimaryColumn({ type: 'varchar', length: 80, primaryKeyConstraintName: 'pk_studio_packages' })
  slug: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_studio_packages' })
  version: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  regionCode: string | null;

  @Column({ type: 'char', length: 64 })
  contentHash: string;

  /** The draft whose approval published it (null for a package that came from content/). */
  @Column({ type: 'uuid', nullable: true })
  draftId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** One file of a published package. */
@Entity('studio_package_files')
export class StudioPackageFile {
  @PrimaryColumn({ type: 'varchar', length: 80, primaryKeyConstraintName: 'pk_studio_package_files' })
  slug: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_studio_package_files' })
  version: number;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_studio_package_files' })
  path: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;
}
