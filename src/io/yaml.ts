/**
 * The yaml library, loaded on demand. It is CommonJS: bundled by esbuild its namespace
 * has only a default export, under Node it has named ones too; this serves both.
 */
export type Yaml = typeof import('yaml');

export async function loadYaml(): Promise<Yaml> {
  const mod = (await import('yaml')) as Yaml & { default?: Yaml };
  return mod.default ?? mod;
}
