import { Injectable } from '@nestjs/common';
import { Page } from '../common/pagination.dto';
import { RegionLevel } from './region-level';
import { Region } from './region.entity';
import { REGION_CODE, RegionDetailDto, RegionDto } from './regions.dto';
import { regionCodeInvalid, regionNotFound } from './regions.errors';
import { RegionsRepository } from './regions.repository';

/** `32.72.03` → [`32`, `32.72`]: a Kemendagri code names its ancestors. */
export function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Region names kept in memory per process (a few MB at most; Indonesia has about 90,000 villages). */
const MAX_KNOWN_NAMES = 100_000;

/** The Kemendagri regions: the public browse endpoints, and the lookups other domains make (exists, level, names). */
@Injectable()
export class RegionsService {
  /**
   * Names by code, as read: a region row is never changed once inserted (insertMissingRegions leaves existing rows
   * alone), so a name read once stays right. Every account shown (GET /api/me, each learner page) names its region:
   * a query fewer per page (issue #22).
   */
  private readonly knownNames = new Map<string, string>();

  constructor(private readonly regions: RegionsRepository) {}

  async children(parent: string | undefined, page: number, pageSize: number): Promise<Page<RegionDto>> {
    if (parent !== undefined) await this.get(parent);
    const [items, total] = await this.regions.pageOfChildren(parent, page, pageSize);
    return { items: items.map(toDto), total, page, pageSize };
  }

  async detail(code: string): Promise<RegionDetailDto> {
    if (!REGION_CODE.test(code)) throw regionCodeInvalid();
    const region = await this.get(code);
    const ancestors = await this.regions.findByCodes(ancestorCodes(code));
    return { ...toDto(region), ancestry: ancestors.map(toDto) };
  }

  async exists(code: string): Promise<boolean> {
    return (await this.regions.findByCode(code)) !== null;
  }

  /** The level of a region, or null when no region has that code. */
  async levelOf(code: string): Promise<RegionLevel | null> {
    return (await this.regions.findByCode(code))?.level ?? null;
  }

  /** Code → level for the codes that exist (unknown codes are absent from the map). */
  async levelsOf(codes: string[]): Promise<Map<string, RegionLevel>> {
    if (codes.length === 0) return new Map();
    return new Map((await this.regions.findByCodes([...new Set(codes)])).map((region) => [region.code, region.level]));
  }

  /** Code → name for the codes that exist (unknown codes are absent from the map). */
  async namesOf(codes: string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const names = new Map<string, string>();
    const missing = new Set<string>();
    for (const code of codes) {
      const known = this.knownNames.get(code);
      if (known === undefined) missing.add(code);
      else names.set(code, known);
    }
    if (missing.size === 0) return names;
    if (this.knownNames.size + missing.size > MAX_KNOWN_NAMES) this.knownNames.clear();
    for (const region of await this.regions.findByCodes([...missing])) {
      names.set(region.code, region.name);
      this.knownNames.set(region.code, region.name);
    }
    return names;
  }

  /** The kecamatan under a region (every kecamatan for null), code and name, in code order: for the reports' gaps. */
  async kecamatanUnder(code: string | null): Promise<{ code: string; name: string }[]> {
    return (await this.regions.findKecamatanUnder(code)).map((region) => ({ code: region.code, name: region.name }));
  }

  /** The desa of these kecamatan, code, name and kecamatan, in code order: for the reports' desa gaps. */
  async villagesOf(kecamatan: string[]): Promise<{ code: string; name: string; kecamatanCode: string }[]> {
    if (kecamatan.length === 0) return [];
    return (await this.regions.findVillagesOf(kecamatan)).map((row) => ({ code: row.code, name: row.name, kecamatanCode: row.parent_code }));
  }

  private async get(code: string): Promise<Region> {
    const region = await this.regions.findByCode(code);
    if (!region) throw regionNotFound(code);
    return region;
  }
}

function toDto(region: Region): RegionDto {
  return { code: region.code, name: region.name, level: region.level, parentCode: region.parentCode };
}
