declare module 'parse-prometheus-text-format' {
  /** Families as prom2json gives them: name, help, type (upper case) and the samples. */
  export default function parsePrometheusTextFormat(text: string): unknown[]
}
