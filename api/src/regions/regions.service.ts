import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { Page } from '../common/pagination.dto';
import { Region } from './region.entity';
import { RegionDetailDto, RegionDto } from './regions.dto';

/** `32.72.03` → [`32`, `32.72`]: a Kemendagri code names its ancestors. */
export function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

@Injectable()
export class RegionsService {
  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  async children(parent: string | undefined, page: number, pageSize: number): Promise<Page<RegionDto>> {
    if (parent !== undefined) await this.get(parent);
    const [items, total] = await this.regions.findAndCount({
      where: { parentCode: parent ?? IsNull() },
      order: { code: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items: items.map(toDto), total, page, pageSize };
  }

  async detail(code: string): Promise<RegionDetailDto> {
    const region = await this.get(code);
    const ancestors = await this.regions.find({ where: { code: In(ancestorCodes(code)) }, order: { code: 'ASC' } });
    return { ...toDto(region), ancestry: ancestors.map(toDto) };
  }

  private async get(code: string): Promise<Region> {
    const region = await this.regions.findOneBy({ code });
    if (!region) throw new NotFoundException(`Wilayah dengan kode ${code} tidak ditemukan.`);
    return region;
  }
}

function toDto(region: Region): RegionDto {
  return { code: region.code, name: region.name, level: region.level, parentCode: region.parentCode };
}
