import { ApiProperty } from '@nestjs/swagger';

export class RecordCourseDto {
  @ApiProperty({ format: 'uuid' }) enrollmentId: string;
  @ApiProperty({ example: 'tksk-dasar' }) slug: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ description: 'The enrollment cycle (2 and more: the course taken again)' }) cycle: number;
  @ApiProperty({ description: 'Another cycle of the same course exists (a repeated training)' }) repeated: boolean;
  @ApiProperty({ enum: ['ACTIVE', 'COMPLETED', 'ARCHIVED'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) enrolledAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: Date | null;
  @ApiProperty({ type: Number, nullable: true }) pretestScore: number | null;
  @ApiProperty({ type: Number, nullable: true }) posttestScore: number | null;
  @ApiProperty({ description: 'JP earned: the course hours once completed, else 0' }) jp: number;
}

export class RecordCertificateDto {
  @ApiProperty() number: string;
  @ApiProperty() code: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validUntil: Date | null;
  @ApiProperty() verifyUrl: string;
  @ApiProperty({ example: '/api/certificates/K7M2-Q9TX-3HPA-W4/credential', description: 'The signed Open Badges 3.0 credential (served by the certificates domain)' }) credentialUrl: string;
}

export class RecordTaskDto {
  @ApiProperty() title: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the reviewer passed it' }) passedAt: Date;
}

export class RecordYearDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty() jp: number;
}

/** A worker's training record: what /riwayat shows and the PDF prints. */
export class TrainingRecordDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) pillar: string | null;
  @ApiProperty({ type: String, nullable: true }) regionCode: string | null;
  @ApiProperty({ type: [RecordCourseDto], description: 'Every enrollment, newest first' }) courses: RecordCourseDto[];
  @ApiProperty({ type: [RecordCertificateDto] }) certificates: RecordCertificateDto[];
  @ApiProperty({ type: [RecordTaskDto], description: 'Field tasks passed' }) tasks: RecordTaskDto[];
  @ApiProperty({ type: [RecordYearDto], description: 'JP per year of completion (WIB), newest first' }) jpPerYear: RecordYearDto[];
  @ApiProperty() jpTotal: number;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: Date;
}
