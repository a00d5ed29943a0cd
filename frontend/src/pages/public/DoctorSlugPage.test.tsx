import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { validSlug } from "../doctor/BookingPageCard";
import { fakeUser, renderPage } from "../doctor/testing";
import DoctorSlugPage from "./DoctorSlugPage";

const doctor = { doctor_id: "doc-1", name: "Anna Schmidt", timezone: "Europe/Berlin" };

vi.mock("../../api/endpoints", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../api/endpoints")>();
  return {
    ...original,
    catalogue: {
      ...original.catalogue,
      bySlug: async (slug: string) => {
        if (slug === "dr-anna") return { doctor, slug: "dr-anna", moved: false };
        if (slug === "anna-old") return { doctor, slug: "dr-anna", moved: true };
        throw new ApiError(404, "DOCTOR_NOT_FOUND", "no such doctor");
      },
    },
  };
});
vi.mock("./DoctorProfilePage", () => ({
  default: ({ doctorId }: { doctorId?: string }) => <div>Profile of {doctorId}</div>,
}));

function Where() {
  const location = useLocation();
  return <div>at {location.pathname}</div>;
}

function routes() {
  return (
    <Routes>
      <Route
        path="/d/:slug"
        element={
          <>
            <DoctorSlugPage />
            <Where />
          </>
        }
      />
    </Routes>
  );
}

describe("a doctor's booking page", () => {
  it("shows the doctor's page at their slug", async () => {
    renderPage(routes(), { user: fakeUser({ role: "patient" }), path: "/d/dr-anna" });
    expect(await screen.findByText("Profile of doc-1")).toBeInTheDocument();
  });

  it("moves an old slug to the current address", async () => {
    renderPage(routes(), { user: null, path: "/d/anna-old" });
    expect(await screen.findByText("at /d/dr-anna")).toBeInTheDocument();
    expect(await screen.findByText("Profile of doc-1")).toBeInTheDocument();
  });

  it("says an unknown address is not found", async () => {
    renderPage(routes(), { user: null, path: "/d/nobody" });
    expect(await screen.findByText("at /d/nobody")).toBeInTheDocument();
    expect(screen.queryByText(/Profile of/)).not.toBeInTheDocument();
  });

  it("accepts only addresses the server takes", () => {
    expect(validSlug("dr-anna-berg")).toBe(true);
    for (const bad of ["ab", "Anna", "anna--berg", "-anna", "anna berg", "a".repeat(61)]) expect(validSlug(bad)).toBe(false);
  });
});

describe("the embed snippet", () => {
  it("frames the embeddable variant of the booking page", async () => {
    const { embedSnippet } = await import("../doctor/BookingPageCard");
    expect(embedSnippet("https://docspot.test/d/dr-anna", 'Book "now"')).toBe(
      '<iframe src="https://docspot.test/embed/d/dr-anna" title="Book &quot;now&quot;" width="100%" height="820" style="border:0"></iframe>',
    );
  });
});
