/**
 * Whether a unit asks for a selfie with every check-in. Units set it or leave it unset
 * (null): an unset unit inherits from the nearest ancestor that sets it, and when no unit
 * in the chain sets it, no selfie is required. A selfie is a face photo, i.e. specific
 * personal data (UU 27/2022 on personal data protection): collecting it must be a
 * deliberate choice of the region or unit, hence the default off.
 */

/**
 * The effective setting for a unit, from its chain's settings, self first, then parent
 * … root (the order of `unitChain` in org.ts). `null` and `undefined` mean "inherit".
 *
 * @example selfieRequired([null, true, false]) // true: the parent sets it, the root is overridden
 * @example selfieRequired([false, true])       // false: the unit itself opts out
 * @example selfieRequired([null, null])        // false: nobody sets it
 */
export function selfieRequired(chain: readonly (boolean | null | undefined)[]): boolean {
  for (const setting of chain) {
    if (setting !== null && setting !== undefined) return setting;
  }
  return false;
}
