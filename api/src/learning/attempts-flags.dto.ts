import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';

/** Why an attempt looks implausible (decision 023). */
export enum IntegrityFlagKind {
  /** The post-test was passed sooner after enrolling than the course's lessons take to read at the minimum pace. */
  FAST_COMPLETION = 'FAST_COMPLETION',
  /** Another worker gave the same answers to the same questions within 24 hours. */
  SAME_ANSWERS = 'SAME_ANSWERS',
}

export class IntegrityFlagQuery extends PageQuery {
  @ApiPropertyOptional({ enum: IntegrityFlagKind, enumName: 'IntegrityFlagKind', description: 'Only flags of this kind' })
  @IsOptional()
  @IsEnum(IntegrityFlagKind, { message: `kind harus salah satu dari ${Object.values(IntegrityFlagKind).join(', ')}.` })
  kind?: IntegrityFlagKind;
}

export class IntegrityFlagDto {
  @ApiProperty({ enum: IntegrityFlagKind, enumName: 'IntegrityFlagKind' }) kind: IntegrityFlagKind;
  @ApiProperty({ format: 'uuid', description: 'The flagged post-test attempt' }) attemptId: string;
  @ApiProperty({ format: 'uuid' }) workerId: string;
  @ApiProperty({ type: String, nullable: true }) workerName: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The worker's region when the attempt started" }) regionCode: string | null;
  @ApiProperty({ type: String, nullable: true }) regionName: string | null;
  @ApiProperty({ type: String, nullable: true }) courseTitle: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) enrolledAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: Date;
  @ApiProperty({ type: Number, nullable: true, description: 'FAST_COMPLETION: minutes from enrolling to the passed post-test' }) minutesTaken: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "FAST_COMPLETION: the course's minimum reading time in minutes" }) minimumMinutes: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'SAME_ANSWERS: a short code shared by the attempts with the same answers' }) group: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'SAME_ANSWERS: other workers with the same answers within 24 hours (in any region)' })
  otherWorkers: number | null;
}

export class IntegrityFlagPageDto {
  @ApiProperty({ type: [IntegrityFlagDto] }) items: IntegrityFlagDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
