import helmet from '@fastify/helmet';
import { HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError, ApiErrorDto, FieldProblem } from './common/api-error';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { limitRequests } from './common/request-limits';
import { trustedProxies } from './common/trusted-proxies';
import { guardWrites } from './common/write-origin';
import { validateConfig } from './config/app-config';

export interface CreateAppOptions {
  /** Build the module graph without connecting to anything: enough to write the OpenAPI document. */
  preview?: boolean;
}

const REQUEST_ID = /^[\w.-]{8,64}$/;

/** A request id: the caller's `x-request-id` when it looks sane (a proxy's), else a new one. */
function requestId(request: Pick<IncomingMessage, 'headers'>): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** The configured application, shared by `main.ts`, the tests and the OpenAPI writer. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ trustProxy: trustedProxies(validateConfig(process.env).TRUST_PROXY), bodyLimit: 1024 * 1024, genReqId: requestId }),
    // No form parser (Nest's default registers one): the API reads JSON and multipart only (see guardWrites).
    { bufferLogs: true, preview: options.preview, abortOnError: false, bodyParser: false },
  );
  if (!options.preview) app.useLogger(app.get(Logger));
  // helmet's headers are the same for every route: computed once, set with the request id in one synchronous hook
  // (decision 035: @fastify/helmet rebuilt helmet's middleware in two async hooks on every request).
  const headers = await securityHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.headers(headers);
      reply.header('x-request-id', request.id);
      done();
    });
  guardWrites(app.getHttpAdapter().getInstance(), validateConfig(process.env).PUBLIC_URL);
  limitRequests(app.getHttpAdapter().getInstance());
  app.setGlobalPrefix('api', { exclude: ['.well-known/{*path}'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => validationError(errors),
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json', yamlDocumentUrl: 'api/docs/yaml' });
  return app;
}

const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
};

/**
 * The headers @fastify/helmet sets with HELMET_OPTIONS, read once from a scratch Fastify instance's answer (the
 * headers it has that the same answer without helmet has not).
 */
export async function securityHeaders(): Promise<Record<string, string>> {
  const answerHeaders = async (withHelmet: boolean): Promise<Record<string, unknown>> => {
    const probe = new FastifyAdapter().getInstance();
    if (withHelmet) await probe.register(helmet, HELMET_OPTIONS);
    probe.get('/', async () => 'ok');
    const response = await probe.inject({ method: 'GET', url: '/' });
    await probe.close();
    return response.headers;
  };
  const [plain, helmeted] = [await answerHeaders(false), await answerHeaders(true)];
  return Object.fromEntries(Object.entries(helmeted).flatMap(([name, value]) => (name in plain || value === undefined ? [] : [[name, String(value)]])));
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Bimtek Pilar API')
    .setDescription('Bimbingan teknis for the pilar-pilar sosial: regions, accounts, courses, learning, certificates.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ApiErrorDto],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return withErrorResponses(document);
}

/** Every operation may answer the one error shape: its `default` response, and each error response it names. */
function withErrorResponses(document: OpenAPIObject): OpenAPIObject {
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } };
  for (const pathItem of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = pathItem[method];
      if (!operation) continue;
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (Number(status) >= 400 && response && 'description' in response && !response.content) response.content = content;
      }
      operation.responses = { ...operation.responses, default: { description: 'A refusal: the one error shape', content } };
    }
  }
  return document;
}

/** A refused request body or query: one `fields` entry per failing property, all messages joined for people. */
export function validationError(errors: ValidationError[]): ApiError {
  const fields = fieldProblems(errors);
  const message = fields.map((problem) => problem.message).join('; ');
  return new ApiError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', message, fields);
}

/** Flattens class-validator errors; an unknown field says which one to remove. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation'
        ? { field, code: 'UNKNOWN_FIELD', message: `Unknown field "${field}": remove it.` }
        : { field, code: constraintCode(rule), message },
    );
    return [...own, ...fieldProblems(error.children ?? [], `${field}.`)];
  });
}

/** `isNotEmpty` → `IS_NOT_EMPTY`. */
function constraintCode(rule: string): string {
  return rule.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
