import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsEnum, IsIn } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { Pillar } from '../common/pillar';
import { EXPORT_FORMATS, type ExportFormat, ReportFilterQuery } from './reports.dto';

/**
 * The people lists whose rows are not "a worker in a course" (GET /api/reports/workers): each reads another domain
 * through its service (assignments, attempts, field-task reviews, events).
 */
export enum ReportPeopleList {
  /** The dashboard's "workers": PESERTA (active or invited) of the region and pillar. */
  ALL_WORKERS = 'ALL_WORKERS',
  /** The dashboard's "enrolled": one row per worker and course (the current cycle). */
  ALL_ENROLLED = 'ALL_ENROLLED',
  /** The dashboard's "started": begun, completed or certified. */
  ALL_STARTED = 'ALL_STARTED',
  /** The dashboard's "completed" (and the JP behind it): completed, certified or not. */
  ALL_COMPLETED = 'ALL_COMPLETED',
  /** Workers an assignment reaches (its pillars, its region) with no enrollment in its course. */
  NOT_ENROLLED_ASSIGNED = 'NOT_ENROLLED_ASSIGNED',
  /** Enrolled, not passed, and every post-test attempt the course allows used. */
  FAILED_ALL_ATTEMPTS = 'FAILED_ALL_ATTEMPTS',
  /** Field-task submissions waiting for a review past their due date. */
  OVERDUE_REVIEWS = 'OVERDUE_REVIEWS',
  /** Workers checked in at an event of the region (one row per worker and event). */
  EVENTS_ATTENDED = 'EVENTS_ATTENDED',
}

/** The lists' filters: the dashboard's (region, pillar, course) and which list. */
export class ReportPeopleFilter extends ReportFilterQuery {
  @ApiProperty({
    enum: ReportPeopleList,
    enumName: 'ReportPeopleList',
    description: 'Which list. `pillar` filters every list but OVERDUE_REVIEWS and EVENTS_ATTENDED; `course` every list but OVERDUE_REVIEWS.',
  })
  @IsEnum(ReportPeopleList, { message: 'Daftar tidak dikenal.' })
  list: ReportPeopleList;
}

export class ReportPeopleQuery extends IntersectionType(PageQuery, ReportPeopleFilter) {}

/** A background export of a people list (any length up to the workers export's limit; decision 033). */
export class ReportPeopleExportJobBody extends ReportPeopleFilter {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS, { message: 'Format harus xlsx atau csv.' })
  format: ExportFormat;
}

export class ReportPersonDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The worker’s region (for events and reviews: the event’s or the submission’s)' }) regionCode: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ enum: Pillar, enumName: 'Pillar', nullable: true }) pillar: Pillar | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) courseId: string | null;
  @ApiProperty({ type: String, nullable: true }) courseTitle: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The field task (OVERDUE_REVIEWS) or the event (EVENTS_ATTENDED)' }) detail: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Review due (OVERDUE_REVIEWS), first check-in (EVENTS_ATTENDED), enrolled (ALL_ENROLLED, ALL_STARTED), completed (ALL_COMPLETED)' }) date: Date | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Best post-test score (FAILED_ALL_ATTEMPTS and the ALL_ lists of courses), days attended (EVENTS_ATTENDED)' }) value: number | null;
}

export class ReportPeoplePageDto {
  @ApiProperty({ enum: ReportPeopleList, enumName: 'ReportPeopleList' }) list: ReportPeopleList;
  @ApiProperty({ type: [ReportPersonDto] }) items: ReportPersonDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
