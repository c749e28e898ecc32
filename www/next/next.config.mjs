// Deliberately empty: better-auth-wasm must work with no bundler configuration.
export default {};
