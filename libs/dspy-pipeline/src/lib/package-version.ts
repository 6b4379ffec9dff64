/** The version of this package, kept equal to `package.json` by `public-api.spec.ts`. */
export const PACKAGE_VERSION = '0.1.0';
