import { ApiProperty } from '@nestjs/swagger';
import { JobStatus } from './background-job.entity';

export class JobProgressDto {
  @ApiProperty() done: number;
  @ApiProperty() total: number;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'roster.import' }) kind: string;
  @ApiProperty({ enum: JobStatus, enumName: 'JobStatus' }) status: JobStatus;
  @ApiProperty({ type: JobProgressDto }) progress: JobProgressDto;
  @ApiProperty({ nullable: true, description: 'The final report (for roster.import: the roster report)' }) result: unknown;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}
