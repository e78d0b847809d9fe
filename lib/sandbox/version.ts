// The Elixir and Erlang/OTP the sandbox image runs, as the site names them (the footer). Plain
// constants, safe to import anywhere; lib/sandbox/version.integration.test.ts runs
// System.version() and the OTP release in the real sandbox and fails when the image and these differ.

/** `System.version()` in the sandbox. */
export const SANDBOX_ELIXIR_VERSION = "1.18.3";

/** `System.otp_release()` in the sandbox: the major Erlang/OTP release. */
export const SANDBOX_OTP_RELEASE = "27";
