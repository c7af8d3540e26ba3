import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/policy.decorator';
import { RegionDetailDto, RegionListQuery, RegionPageDto } from './regions.dto';
import { RegionsService } from './regions.service';

const CACHE_A_DAY = 'public, max-age=86400';

@ApiTags('regions')
@Public()
@Controller('regions')
export class RegionsController {
  constructor(private readonly regions: RegionsService) {}

  @Get()
  @Header('Cache-Control', CACHE_A_DAY)
  @ApiOkResponse({ type: RegionPageDto, description: 'Children of `parent`, or the provinces' })
  list(@Query() query: RegionListQuery): Promise<RegionPageDto> {
    return this.regions.children(query.parent, query.page, query.pageSize);
  }

  @Get(':code')
  @Header('Cache-Control', CACHE_A_DAY)
  @ApiOkResponse({ type: RegionDetailDto, description: 'One region with its ancestry' })
  detail(@Param('code') code: string): Promise<RegionDetailDto> {
    return this.regions.detail(code);
  }
}
