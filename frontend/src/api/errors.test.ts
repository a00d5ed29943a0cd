import { describe, expect, it } from "vitest";
import { ApiError, fieldErrors, friendlyMessage } from "./errors";

describe("friendlyMessage", () => {
  it("maps well-known codes to sentences written for people", () => {
    expect(friendlyMessage(new ApiError(409, "SLOT_LOCKED", "the slot is held"))).toMatch(/^Someone else is holding/);
    expect(friendlyMessage(new ApiError(409, "SLOT_TAKEN", "taken"))).toMatch(/just been booked/);
  });

  it("shows the API's own sentence for other 4xx answers, capitalised and with a full stop", () => {
    expect(friendlyMessage(new ApiError(404, "DOCTOR_NOT_FOUND", "no such doctor"))).toBe("No such doctor.");
  });

  it("never shows a raw code, a status or a stack trace", () => {
    expect(friendlyMessage(new ApiError(500, "INTERNAL", "Traceback (most recent call last)"))).toBe(
      "Something went wrong on our side. Please try again in a moment.",
    );
    expect(friendlyMessage(new ApiError(403, "FORBIDDEN_ROLE", "FORBIDDEN_ROLE"))).toBe("You are not allowed to do this.");
    expect(friendlyMessage(new TypeError("x is undefined"))).not.toMatch(/undefined/);
  });

  it("lists field problems of a validation error, and keys them by field for forms", () => {
    const error = new ApiError(400, "VALIDATION_ERROR", "the request is not valid", [
      { field: "body.license_number", message: "String should have at least 3 characters" },
    ]);
    expect(friendlyMessage(error)).toBe("License number: string should have at least 3 characters.");
    expect(fieldErrors(error)).toEqual({ license_number: "String should have at least 3 characters." });
  });
});
