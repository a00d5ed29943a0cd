import { newDoctorBody, newDoctorRules } from "./CreateDoctorPage";
import { profileChange } from "../doctor/ProfilePage";

const values = {
  name: "  Nora Lindqvist ",
  email: " nora@docspot.test ",
  password: "long enough",
  phone: "",
  specialty_id: "sp-1",
  license_number: "SE-1234",
  experience_years: 8,
  consultation_fee: "90",
  timezone: "Europe/Stockholm",
  bio: "",
};

describe("creating a doctor", () => {
  it("sends trimmed values and leaves out empty optional fields (the API refuses unknown or empty ones)", () => {
    expect(newDoctorBody(values)).toEqual({
      name: "Nora Lindqvist",
      email: "nora@docspot.test",
      password: "long enough",
      specialty_id: "sp-1",
      license_number: "SE-1234",
      experience_years: 8,
      consultation_fee: 90,
      timezone: "Europe/Stockholm",
    });
  });

  it("checks the same limits as the API before sending", () => {
    expect(newDoctorRules.password("short")).toMatch(/8 to 128/);
    expect(newDoctorRules.license_number("X!")).toMatch(/licence number/);
    expect(newDoctorRules.experience_years(71)).toMatch(/0 to 70/);
    expect(newDoctorRules.experience_years(2.5)).toMatch(/whole years/);
    expect(newDoctorRules.specialty_id(null)).toMatch(/Choose a specialty/);
    expect(newDoctorRules.phone("call me")).toMatch(/phone number/);
    expect(newDoctorRules.email("nora@docspot")).toMatch(/valid e-mail/);
    expect(newDoctorRules.license_number("AT-W-29315")).toBeNull();
  });
});

describe("a doctor's profile change", () => {
  const before = {
    doctor_id: "d",
    name: "Anna Schmidt",
    specialty: { specialty_id: "s", name: "Cardiology" },
    experience_years: 14,
    consultation_fee: 120,
    bio: "Cardiologist.",
    photo_url: null,
    timezone: "Europe/Berlin",
    rating: { average: null, count: 0 },
    languages: [],
    modes: [],
    next_available_at: null,
  };

  it("sends only the fields that changed", () => {
    expect(profileChange(before, { bio: "Cardiologist.", consultation_fee: "130", experience_years: 14, timezone: "Europe/Berlin" })).toEqual({
      consultation_fee: 130,
    });
    expect(profileChange(before, { bio: " Cardiologist. ", consultation_fee: 120, experience_years: 14, timezone: "Europe/Berlin" })).toEqual({});
  });
});
