import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../common/pagination.dto';
import { RegionLevel } from './region.entity';

export const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2})?)?$/;
export const REGION_CODE_MESSAGE = 'Kode wilayah tidak valid: gunakan format Kemendagri, misalnya 32, 32.72 atau 32.72.03.';
/** A worker's region may also be a desa (`32.72.03.1001`): staff, events and assignments stay at kecamatan or above. */
export const WORKER_REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
export const WORKER_REGION_CODE_MESSAGE = 'Kode wilayah tidak valid: gunakan format Kemendagri, misalnya 32.72, 32.72.03 atau 32.72.03.1001 (desa).';

export class RegionListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Parent region code; without it, the provinces', example: '32.72' })
  @IsOptional()
  @Matches(REGION_CODE, { message: REGION_CODE_MESSAGE })
  parent?: string;
}

export class RegionDto {
  @ApiProperty({ example: '32.72.03' }) code: string;
  @ApiProperty({ example: 'Citamiang' }) name: string;
  @ApiProperty({ enum: RegionLevel, enumName: 'RegionLevel' }) level: RegionLevel;
  @ApiProperty({ type: String, nullable: true, example: '32.72' }) parentCode: string | null;
}

export class RegionPageDto {
  @ApiProperty({ type: [RegionDto] }) items: RegionDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class RegionDetailDto extends RegionDto {
  @ApiProperty({ type: [RegionDto], description: 'From the province down to the parent' })
  ancestry: RegionDto[];
}
