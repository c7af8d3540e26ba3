import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, ParseIntPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { AuthUser, ClientMeta, CurrentUser, RequestMeta } from '../auth/auth-context';
import { Authenticated, Public, Role } from '../auth/policy.decorator';
import { PageQuery } from '../common/pagination.dto';
import { CertificateThrottle } from './certificate-throttle';
import { CertificatePageDto, IssuedCertificatePageDto, IssuedCertificatesQuery, PublicCertificateDto, RevokeCertificateDto } from './certificates.dto';
import { CertificatesService } from './certificates.service';
import type { DidDocument } from './credentials/document-loader';
import { SigningKeysService } from './signing-keys.service';
import { StatusListsService } from './status-lists.service';

@ApiTags('certificates')
@Controller('certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get()
  @Authenticated()
  @ApiBearerAuth()
  @ApiOkResponse({ type: CertificatePageDto, description: "The caller's own certificates, newest first" })
  mine(@CurrentUser() user: AuthUser, @Query() query: PageQuery): Promise<CertificatePageDto> {
    return this.certificates.listMine(user, query.page, query.pageSize);
  }

  @Get('issued')
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiBearerAuth()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: IssuedCertificatePageDto, description: "Certificates of holders in the admin's region (all for ADMIN_PUSAT), newest first" })
  issued(@CurrentUser() admin: AuthUser, @Query() query: IssuedCertificatesQuery): Promise<IssuedCertificatePageDto> {
    return this.certificates.listIssued(admin, query);
  }

  @Get(':code')
  @Public()
  @UseGuards(ThrottlerGuard)
  @CertificateThrottle()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: PublicCertificateDto, description: 'What the verify page shows (no phone, NIK or email)' })
  @ApiNotFoundResponse({ description: 'No certificate has this code' })
  @ApiTooManyRequestsResponse({ description: 'Too many look-ups from this address' })
  find(@Param('code') code: string): Promise<PublicCertificateDto> {
    return this.certificates.findPublic(code);
  }

  @Get(':code/pdf')
  @Public()
  @UseGuards(ThrottlerGuard)
  @CertificateThrottle()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The certificate as an A4 PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ description: 'No certificate has this code' })
  async pdf(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const found = await this.certificates.pdf(code);
    reply.header('Content-Type', 'application/pdf');
    reply.header('Content-Disposition', `inline; filename="sertifikat-${found.code}.pdf"`);
    // The PDF of a code never changes (revocation shows on the verify page, whose URL the PDF carries).
    reply.header('Cache-Control', 'public, max-age=86400, immutable');
    reply.header('ETag', `"${found.code}"`);
    return found.pdf;
  }

  @Get(':code/credential')
  @Public()
  @UseGuards(ThrottlerGuard)
  @CertificateThrottle()
  @ApiProduces('application/vc+ld+json')
  @ApiOkResponse({ description: 'The Open Badges 3.0 AchievementCredential (VC Data Model 2.0, eddsa-rdfc-2022 proof)', content: { 'application/vc+ld+json': { schema: { type: 'object' } } } })
  @ApiNotFoundResponse({ description: 'No certificate has this code' })
  async credential(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const credential = await this.certificates.credential(code);
    reply.header('Content-Type', 'application/vc+ld+json');
    reply.header('Content-Disposition', `attachment; filename="sertifikat-${code.replace(/[^0-9A-Za-z-]/g, '')}.json"`);
    reply.header('Cache-Control', 'public, max-age=3600');
    return JSON.stringify(credential);
  }

  @Post(':code/revoke')
  @Authenticated(Role.ADMIN_DINSOS, Role.ADMIN_PUSAT)
  @ApiBearerAuth()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: PublicCertificateDto, description: 'Revoked (or already revoked): the verify page and the status list say so' })
  @ApiNotFoundResponse({ description: 'No certificate with this code in your region' })
  revoke(@Param('code') code: string, @Body() body: RevokeCertificateDto, @CurrentUser() admin: AuthUser, @ClientMeta() meta: RequestMeta): Promise<PublicCertificateDto> {
    return this.certificates.revoke(code, body.reason, admin, meta.ip);
  }
}

@ApiTags('certificates')
@Controller('credentials')
export class CredentialStatusController {
  constructor(private readonly statusLists: StatusListsService) {}

  @Get('status/:list')
  @Public()
  @ApiProduces('application/vc+ld+json')
  @ApiOkResponse({ description: 'The signed BitstringStatusListCredential (revocation)', content: { 'application/vc+ld+json': { schema: { type: 'object' } } } })
  @ApiNotFoundResponse({ description: 'No such list' })
  async status(@Param('list', new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND })) list: number, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const signed = await this.statusLists.signedList(list);
    reply.header('Content-Type', 'application/vc+ld+json');
    // Short: a revocation reaches outside verifiers within five minutes.
    reply.header('Cache-Control', 'public, max-age=300');
    return JSON.stringify(signed);
  }
}

@ApiTags('certificates')
@Controller('.well-known')
export class DidController {
  constructor(private readonly keys: SigningKeysService) {}

  @Get('did.json')
  @Public()
  @ApiOkResponse({ description: "The issuer's did:web document: every Ed25519 key ever used, as Multikey, under assertionMethod" })
  async did(@Res({ passthrough: true }) reply: FastifyReply): Promise<DidDocument> {
    reply.header('Content-Type', 'application/did+json');
    reply.header('Cache-Control', 'public, max-age=300');
    return this.keys.didDocument();
  }
}
