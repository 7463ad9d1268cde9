/**
 * Failures as the API server answers them: a `v1` Status with reason and code
 * (k8s.io/apimachinery/pkg/api/errors), thrown by handlers as StatusError and written by the server.
 */
import { ApiError } from '../sim/api-error.ts';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details?: StatusDetails;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    if (details) this.details = details;
  }

  toStatus(): StatusBody {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: this.message, reason: this.reason, ...(this.details ? { details: this.details } : {}), code: this.code };
  }
}

/** `deployments.apps "web"`: how the API server names an object of a resource. */
export function qualifiedResource(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export function notFoundError(plural: string, group: string, name: string): StatusError {
  return new StatusError(404, 'NotFound', `${qualifiedResource(plural, group)} "${name}" not found`, { name, group: group || undefined, kind: plural });
}

/** A path that names no resource. */
export function noSuchPath(): StatusError {
  return new StatusError(404, 'NotFound', 'the server could not find the requested resource', {});
}

export function badRequest(message: string): StatusError {
  return new StatusError(400, 'BadRequest', message);
}

export function methodNotAllowed(method: string, what: string): StatusError {
  return new StatusError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, { kind: what, causes: [{ message: method }] });
}

export function unsupportedMediaType(contentType: string): StatusError {
  return new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`,
    { causes: [{ reason: 'UnsupportedMediaType', message: contentType }] },
  );
}

export function conflictModified(plural: string, group: string, name: string): StatusError {
  return new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(plural, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group: group || undefined, kind: plural },
  );
}

export function expired(message: string): StatusError {
  return new StatusError(410, 'Expired', message);
}

export function internalError(message: string): StatusError {
  return new StatusError(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
}

/** Any thrown value as a Status: the simulator's ApiError keeps its reason, code and causes. */
export function toStatus(e: unknown): StatusBody {
  if (e instanceof StatusError) return e.toStatus();
  if (e instanceof ApiError) {
    const s = e.toStatus();
    const details: StatusDetails = { ...s.details };
    if (details.group === '') delete details.group;
    // A cause's message is the error body without its field (field.Error.ErrorBody), as kubectl prints `field: message`.
    if (details.causes) details.causes = details.causes.map((c) => (c.field && c.message?.startsWith(`${c.field}: `) ? { ...c, message: c.message.slice(c.field.length + 2) } : c));
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: s.message, reason: s.reason, details, code: s.code };
  }
  const message = e instanceof Error ? e.message : String(e);
  return internalError(message).toStatus();
}
