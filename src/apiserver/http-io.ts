/**
 * Reading request bodies and writing answers: JSON objects, Status failures, and the body formats
 * the API server accepts (JSON, YAML for apply patches, Kubernetes protobuf).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseYamlValue } from '../kube/yaml-value.ts';
import { decodeKubernetesProtobuf, ProtobufError } from './protobuf/decode.ts';
import { badRequest, StatusError, toStatus, unsupportedMediaType } from './status.ts';

/** Largest request body accepted (the API server's limit is 3 MiB for most requests). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new StatusError(413, 'RequestEntityTooLarge', 'the request body is too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
}

/** A request body as a JSON value, from JSON, YAML or protobuf. */
export function decodeBody(body: Buffer, contentType: string): unknown {
  if (body.length === 0) return undefined;
  switch (contentType) {
    case 'application/vnd.kubernetes.protobuf':
      try {
        return decodeKubernetesProtobuf(new Uint8Array(body.buffer, body.byteOffset, body.length));
      } catch (e) {
        if (e instanceof ProtobufError) throw badRequest(e.message);
        throw e;
      }
    case 'application/yaml':
    case 'application/apply-patch+yaml':
      try {
        return parseYamlValue(body.toString('utf8'));
      } catch (e) {
        throw badRequest(`error decoding YAML: ${e instanceof Error ? e.message : String(e)}`);
      }
    case 'application/json':
    case 'application/json-patch+json':
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json':
    case 'application/apply-patch+cbor':
    case '*/*':
    case 'text/plain':
      try {
        return JSON.parse(body.toString('utf8')) as unknown;
      } catch (e) {
        throw badRequest(`couldn't get version/kind; json parse error: ${e instanceof Error ? e.message : String(e)}`);
      }
    default:
      throw unsupportedMediaType(contentType);
  }
}

export function writeJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json', extraHeaders: Record<string, string | string[]> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private', ...extraHeaders });
  res.end(text);
}

export function writeStatus(res: ServerResponse, e: unknown): void {
  const status = toStatus(e);
  if (res.headersSent) {
    res.end();
    return;
  }
  writeJson(res, status.code, status);
}

export function writeText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}
