/** A part of a generated language module, cut out at build time (vite.config.ts, localeParts). */
declare module '*.js?tracker' {
  export const templates: Record<string, unknown>;
}
