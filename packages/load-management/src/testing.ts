/**
 * Test helpers of @chargekit/load-management: a seeded random site generator for load tests and benchmarks.
 *
 * @module
 */

export { seededRandom } from "@chargekit/core";
export { CALTECH_ACN, type CaltechAcnOptions, caltechAcnSite } from "./testing/caltech-acn.js";
export { type RandomSiteOptions, randomSite } from "./testing/random-site.js";
