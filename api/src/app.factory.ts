import helmet from '@fastify/helmet';
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpExceptionFilter } from './common/http-exception.filter';
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
    new FastifyAdapter({ trustProxy: validateConfig(process.env).TRUST_PROXY, bodyLimit: 1024 * 1024, genReqId: requestId }),
    { bufferLogs: true, preview: options.preview, abortOnError: false },
  );
  if (!options.preview) app.useLogger(app.get(Logger));
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply) => {
      reply.header('x-request-id', request.id);
    });
  app.setGlobalPrefix('api', { exclude: ['.well-known/{*path}'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      exceptionFactory: (errors) => new BadRequestException(validationMessages(errors).join('; ')),
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
  });
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json', yamlDocumentUrl: 'api/docs/yaml' });
  return app;
}

export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Bimtek Pilar API')
    .setDescription('Bimbingan teknis for the pilar-pilar sosial: regions, accounts, courses, learning, certificates.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}` });
}

/** Flattens class-validator errors into sentences; an unknown field says which one to remove. */
export function validationMessages(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const name = prefix + error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation' ? `Unknown field "${name}": remove it.` : message,
    );
    return [...own, ...validationMessages(error.children ?? [], `${name}.`)];
  });
}
