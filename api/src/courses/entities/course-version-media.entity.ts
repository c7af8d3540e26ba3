import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CourseVersion } from './course-version.entity';
import { MediaFile } from './media-file.entity';

/** Which image a file name of a version's `media/` folder is. */
@Entity('course_version_media')
@Index('idx_course_version_media_hash', ['mediaHash'])
export class CourseVersionMedia {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_course_version_media' })
  versionId: string;

  @PrimaryColumn({ type: 'varchar', length: 200, primaryKeyConstraintName: 'pk_course_version_media' })
  fileName: string;

  @Column({ type: 'char', length: 64 })
  mediaHash: string;

  @ManyToOne(() => CourseVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id', foreignKeyConstraintName: 'fk_course_version_media_version' })
  version?: CourseVersion;

  @ManyToOne(() => MediaFile, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'media_hash', foreignKeyConstraintName: 'fk_course_version_media_file' })
  media?: MediaFile;
}
