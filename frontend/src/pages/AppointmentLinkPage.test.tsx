import { screen } from "@testing-library/react";
import { Route, Routes } from "react-router-dom";
import { RequireAuth } from "../auth/guards";
import { fakeUser, renderPage } from "./doctor/testing";
import AppointmentLinkPage from "./AppointmentLinkPage";

function routes() {
  return (
    <Routes>
      <Route
        path="/appointments/:appointmentId"
        element={
          <RequireAuth>
            <AppointmentLinkPage />
          </RequireAuth>
        }
      />
      <Route path="/login" element={<div>Sign-in page</div>} />
      <Route path="/me/appointments/:id" element={<div>Patient's appointment</div>} />
      <Route path="/doctor/appointments/:id" element={<div>Doctor's appointment</div>} />
    </Routes>
  );
}

describe("a mail's appointment link", () => {
  it("asks a signed-out reader to sign in first", async () => {
    renderPage(routes(), { user: null, path: "/appointments/apt-7" });
    expect(await screen.findByText("Sign-in page")).toBeInTheDocument();
  });

  it("opens the patient's and the doctor's own page", async () => {
    renderPage(routes(), { user: fakeUser({ role: "patient" }), path: "/appointments/apt-7" });
    expect(await screen.findByText("Patient's appointment")).toBeInTheDocument();
  });

  it("opens the doctor's page for a doctor", async () => {
    renderPage(routes(), { user: fakeUser(), path: "/appointments/apt-7" });
    expect(await screen.findByText("Doctor's appointment")).toBeInTheDocument();
  });
});
