import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { Pillar } from '../common/pillar';

const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;
const REGION_MESSAGE = 'Kode wilayah tidak valid: gunakan format Kemendagri, misalnya 32, 32.72 atau 32.72.03.';

/** The pillars registered down to the desa (issue #19): PSM and Karang Taruna serve a desa each. */
export const DESA_PILLARS = [Pillar.PSM, Pillar.KARANG_TARUNA] as const;

export class ReportDesaGapsFilter {
  @ApiPropertyOptional({ description: 'Region code (default: the caller’s whole scope; the nation for ADMIN_PUSAT)', example: '32.72' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_MESSAGE })
  region?: string;

  @ApiProperty({ enum: DESA_PILLARS, description: 'PSM or KARANG_TARUNA: the pillars whose roster may name a desa' })
  @IsIn(DESA_PILLARS, { message: 'Celah desa hanya untuk pilar PSM dan Karang Taruna.' })
  pillar: (typeof DESA_PILLARS)[number];
}

/** The desa gaps, a page at a time (a province has thousands of desa). */
export class ReportDesaGapsQuery extends IntersectionType(PageQuery, ReportDesaGapsFilter) {}

export class ReportDesaGapDto {
  @ApiProperty({ example: '32.72.03.1001' }) code: string;
  @ApiProperty({ example: 'Citamiang' }) name: string;
  @ApiProperty({ example: '32.72.03' }) kecamatanCode: string;
  @ApiProperty({ example: 'Citamiang' }) kecamatanName: string;
}

export class ReportDesaGapsDto {
  @ApiProperty({ type: [ReportDesaGapDto], description: 'One page of the desa, in code order' }) items: ReportDesaGapDto[];
  @ApiProperty({ description: 'Every desa without a certified worker of the pillar, in the desa-rostered kecamatan' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ description: 'Kecamatan of the region with at least one worker of the pillar registered at a desa: only their desa are listed' })
  rosteredKecamatan: number;
  @ApiProperty({ description: 'Every kecamatan of the region (the others have no desa-level roster for the pillar)' })
  kecamatan: number;
}
