import { describe, expect, it } from "vitest";
import { checkKeywords, fixEnumValues, schemaIdOf } from "./fixes.js";
import { toIr } from "./ir.js";
import { loadVersion } from "./load.js";
import { nameInline16 } from "./names16.js";
import { VERSIONS } from "./versions.js";

const schemaRoot = new URL("../schemas", import.meta.url).pathname;

describe("schema fix: draft-04 id vs draft-06 $id", () => {
  it("reads either keyword", () => {
    expect(schemaIdOf({ id: "urn:a" })).toBe("urn:a");
    expect(schemaIdOf({ $id: "urn:b" })).toBe("urn:b");
    expect(schemaIdOf({ id: "urn:c", $id: "urn:c" })).toBe("urn:c");
  });
  it("refuses a file with none or two different ids", () => {
    expect(() => schemaIdOf({})).toThrow(/neither/);
    expect(() => schemaIdOf({ id: "urn:a", $id: "urn:b" })).toThrow(/two different/);
  });
  it("gives every published 1.6 file its id, draft-04 and draft-06 alike", () => {
    const source = VERSIONS[0];
    if (source === undefined) throw new Error("no versions");
    const files = loadVersion(schemaRoot, source);
    expect(files.find((f) => f.file === "Heartbeat.json")?.id).toBe("urn:OCPP:1.6:2019:12:HeartbeatRequest");
    expect(files.find((f) => f.file === "SignCertificate.json")?.id).toBe("urn:OCPP:Cp:1.6:2020:3:SignCertificate.req");
  });
});

describe("schema fix: Celcius and Celsius", () => {
  it("adds the missing spelling next to the present one", () => {
    expect(fixEnumValues(["K", "Celcius", "Fahrenheit"])).toEqual(["K", "Celcius", "Celsius", "Fahrenheit"]);
    expect(fixEnumValues(["K", "Celsius"])).toEqual(["K", "Celcius", "Celsius"]);
    expect(fixEnumValues(["Celcius", "Celsius"])).toEqual(["Celcius", "Celsius"]);
    expect(fixEnumValues(["A", "W"])).toEqual(["A", "W"]);
  });
  it("lets 1.6 StopTransaction (published with only Celcius) accept both", () => {
    const source = VERSIONS[0];
    if (source === undefined) throw new Error("no versions");
    const file = loadVersion(schemaRoot, source).find((f) => f.file === "StopTransaction.json");
    if (file === undefined) throw new Error("StopTransaction.json missing");
    expect(JSON.stringify(file.schema)).not.toContain('"Celsius"');
    const ir = toIr(file, nameInline16);
    const unit = ir.types.get("UnitOfMeasure")?.node;
    expect(unit?.kind === "enum" && unit.values.includes("Celsius") && unit.values.includes("Celcius")).toBe(true);
  });
});

describe("schema fix: non-standard keywords", () => {
  it("ignores the OCA generator's comment and javaType and annotation keywords", () => {
    expect(() => checkKeywords({ type: "string", comment: "x", javaType: "Y", description: "z" }, "t")).not.toThrow();
    expect(() => checkKeywords({ type: "array", items: {}, additionalItems: false }, "t")).not.toThrow();
  });
  it("stops on a keyword it does not implement, so nothing is validated less strictly than published", () => {
    expect(() => checkKeywords({ type: "string", pattern: "^a$" }, "t")).toThrow(
      /unsupported schema keyword "pattern"/,
    );
    expect(() => checkKeywords({ type: "string", format: "email" }, "t")).toThrow(/unsupported format/);
  });
});
