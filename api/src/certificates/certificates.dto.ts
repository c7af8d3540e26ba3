import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { Pillar } from '../common/pillar';
import { REGION_CODE, REGION_CODE_MESSAGE } from '../regions/regions.dto';
import { RevocationReason } from './entities/certificate.entity';

export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked'] as const;
export type CertificateStatusFilter = (typeof CERTIFICATE_STATUSES)[number];

export class RevokeCertificateDto {
  @ApiProperty({ enum: RevocationReason, enumName: 'RevocationReason', description: 'Why: a category, shown on the verify page' })
  @IsEnum(RevocationReason, { message: `reason harus salah satu dari: ${Object.values(RevocationReason).join(', ')}` })
  reason: RevocationReason;
}

export class PublicCertificateDto {
  @ApiProperty({ example: 'K7M2-Q9TX-3HPA-W4' }) code: string;
  @ApiProperty({ example: '00123/BIMTEK-TAGANA/32.72/2026' }) number: string;
  @ApiProperty({ enum: ['valid', 'expired', 'revoked'] }) status: 'valid' | 'expired' | 'revoked';
  @ApiProperty() holderName: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ description: 'JP (jam pelajaran)' }) hours: number;
  @ApiProperty({ example: 'TAGANA' }) pillar: string;
  @ApiProperty({ example: 'Tagana' }) pillarLabel: string;
  @ApiProperty({ example: '32.72.03' }) regionCode: string;
  @ApiProperty({ example: 'Kecamatan Citamiang, Kota Sukabumi' }) regionLabel: string;
  @ApiProperty({ example: 'Dinas Sosial Kota Sukabumi' }) issuerName: string;
  @ApiProperty() signatoryName: string;
  @ApiProperty() signatoryTitle: string;
  @ApiProperty({ type: String, format: 'date-time' }) completedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validUntil: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiProperty({ description: 'The public verify page (what the QR code holds)' }) verifyUrl: string;
  @ApiProperty({ example: '/api/certificates/K7M2-Q9TX-3HPA-W4/pdf' }) pdfUrl: string;
  @ApiProperty({ example: '/api/certificates/K7M2-Q9TX-3HPA-W4/credential' }) credentialUrl: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Number of the expired certificate this one renews' }) renews: string | null;
}

export class CertificatePageDto {
  @ApiProperty({ type: [PublicCertificateDto] }) items: PublicCertificateDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** Filters of the admins' list of issued certificates (within their region). */
export class IssuedCertificatesQuery extends PageQuery {
  @ApiPropertyOptional({ description: "Part of the holder's name, or of the certificate number, or the verification code" })
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'Kata kunci paling panjang 100 karakter.' })
  q?: string;

  @ApiPropertyOptional({ enum: Pillar, enumName: 'Pillar' })
  @IsOptional()
  @IsEnum(Pillar, { message: `Pilar harus salah satu dari: ${Object.values(Pillar).join(', ')}.` })
  pillar?: Pillar;

  @ApiPropertyOptional({ format: 'uuid', description: 'Certificates of this course (any version)' })
  @IsOptional()
  @IsUUID('all', { message: 'courseId harus berupa UUID.' })
  courseId?: string;

  @ApiPropertyOptional({ enum: CERTIFICATE_STATUSES })
  @IsOptional()
  @IsIn(CERTIFICATE_STATUSES, { message: `Status harus salah satu dari: ${CERTIFICATE_STATUSES.join(', ')}.` })
  status?: CertificateStatusFilter;

  @ApiPropertyOptional({ example: '32.72.03', description: "Holders of this region and everything under it (within your scope)" })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  region?: string;
}

/** One row of the admins' list: what identifies the certificate, never a phone, NIK or email. */
export class IssuedCertificateDto {
  @ApiProperty({ example: 'K7M2-Q9TX-3HPA-W4' }) code: string;
  @ApiProperty({ example: '00123/BIMTEK-TAGANA/32.72/2026' }) number: string;
  @ApiProperty({ enum: CERTIFICATE_STATUSES }) status: CertificateStatusFilter;
  @ApiProperty() holderName: string;
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() courseTitle: string;
  @ApiProperty({ example: 'TAGANA' }) pillar: string;
  @ApiProperty({ example: 'Tagana' }) pillarLabel: string;
  @ApiProperty({ example: '32.72.03' }) regionCode: string;
  @ApiProperty({ example: 'Kecamatan Citamiang, Kota Sukabumi' }) regionLabel: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validUntil: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: Date | null;
  @ApiProperty({ enum: RevocationReason, enumName: 'RevocationReason', nullable: true }) revocationReason: RevocationReason | null;
  @ApiProperty({ description: 'The public verify page' }) verifyUrl: string;
}

export class CertificateCourseOptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
}

export class IssuedCertificatePageDto {
  @ApiProperty({ type: [IssuedCertificateDto] }) items: IssuedCertificateDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: [CertificateCourseOptionDto], description: 'Courses with certificates in your region, for the course filter' })
  courses: CertificateCourseOptionDto[];
}
