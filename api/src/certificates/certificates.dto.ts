import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum } from 'class-validator';
import { RevocationReason } from './entities/certificate.entity';

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
  @ApiProperty({ enum: RevocationReason, enumName: 'RevocationReason', nullable: true }) revocationReason: RevocationReason | null;
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
