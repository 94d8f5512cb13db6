import { describe, expect, it } from "vitest";
import { moneyText } from "./money-text.js";

describe("moneyText", () => {
  it("writes the currency's minor-unit digits", () => {
    expect(moneyText("0", "EUR")).toBe("0.00");
    expect(moneyText("2.2", "EUR")).toBe("2.20");
    expect(moneyText("-1.5", "EUR")).toBe("-1.50");
    expect(moneyText("150", "JPY")).toBe("150");
    expect(moneyText("1.234", "KWD")).toBe("1.234");
    expect(moneyText("1.2345", "EUR")).toBe("1.2345"); // never rounds
    expect(moneyText("3", "XYZ")).toBe("3"); // unknown currency: as given
  });
});
