/**
 * Relative tolerance of the `multipleOf` check: `multipleOf: 0.1` (OCPP 1.6 charging limits) cannot hold exactly
 * for binary floats (8.1 / 0.1 is 80.99999999999999), so the quotient only has to be this close to an integer.
 *
 * @category Validation
 */
export const MULTIPLE_OF_TOLERANCE = 1e-9;
