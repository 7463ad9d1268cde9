/** Service rules from kubernetes pkg/apis/core/validation/validation.go (ValidateService). */
import { text } from '../text.ts';
import type { Errors } from './field-error.ts';
import { dns1123Label, portName } from './names.ts';
import { asInt, asIntOrString, asList, asMap, asString, portNumber } from './values.ts';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;

export function validateServiceSpec(spec: unknown, errs: Errors): void {
  const s = asMap(spec, errs);
  if (!s) {
    errs.required();
    return;
  }
  const type = asString(s.type, errs.at('type'));
  if (type !== undefined && !(TYPES as readonly string[]).includes(type)) errs.at('type').notSupported(type, TYPES);
  const headless = s.clusterIP === 'None';
  const ports = asList(s.ports, errs.at('ports'));
  if ((!ports || ports.length === 0) && type !== 'ExternalName' && !headless) errs.at('ports').required();
  const names = new Set<string>();
  const multiple = (ports?.length ?? 0) > 1;
  (ports ?? []).forEach((p, i) => {
    const e = errs.at('ports', i);
    const port = asMap(p, e);
    if (!port) return;
    const name = asString(port.name, e.at('name'));
    if (multiple && !name) e.at('name').required();
    if (name) {
      // ValidateServicePort: a Service port's name is a DNS-1123 label (unlike a container port's IANA_SVC_NAME).
      for (const msg of dns1123Label(name)) e.at('name').invalid(name, msg);
      if (names.has(name)) e.at('name').duplicate(name);
      names.add(name);
    }
    const number = asInt(port.port, e.at('port'));
    if (number === undefined) e.at('port').required();
    portNumber(number, e.at('port'));
    const protocol = asString(port.protocol, e.at('protocol'));
    if (protocol !== undefined && !(PROTOCOLS as readonly string[]).includes(protocol)) e.at('protocol').notSupported(protocol, PROTOCOLS);
    const target = asIntOrString(port.targetPort, e.at('targetPort'));
    if (typeof target === 'number') portNumber(target, e.at('targetPort'));
    else if (typeof target === 'string') for (const msg of portName(target)) e.at('targetPort').invalid(target, msg);
    const nodePort = asInt(port.nodePort, e.at('nodePort'));
    if (nodePort !== undefined && type !== 'NodePort' && type !== 'LoadBalancer')
      e.at('nodePort').forbidden(text('type이 NodePort 또는 LoadBalancer일 때만 지정할 수 있다', 'may not be used when `type` is \'ClusterIP\''));
  });
  const selector = asMap(s.selector, errs.at('selector'));
  for (const [k, v] of Object.entries(selector ?? {})) asString(v, errs.at('selector', k));
}
