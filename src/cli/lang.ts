/** The language of CLI output: --lang, then ORCHESTRA_LANG, then LANG/LC_ALL (ko* → Korean), else English. */
import { isLang, type Lang } from '../kube/text.ts';

export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const explicit = env.ORCHESTRA_LANG;
  if (isLang(explicit)) return explicit;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}
