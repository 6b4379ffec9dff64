import baseConfig, { libraryPackageJsonConfig } from '../../eslint.config.mjs';

export default [...baseConfig, ...libraryPackageJsonConfig];
