-- The clerk desk (issue 5): who filled an application in for a citizen (代办), and the
-- clerk's check of its materials (核验材料) before accepting it.

-- core::AssistedBy as JSON ({"staff_id", "user_name"}); NULL when the citizen did it alone.
ALTER TABLE applications ADD COLUMN assisted_by jsonb;

-- The latest check of each material of an application (core::materials::MaterialCheck).
CREATE TABLE material_checks (
    application_id uuid NOT NULL REFERENCES applications (id),
    -- The material's place in the item's list.
    material_index integer NOT NULL CHECK (material_index >= 0),
    state          text NOT NULL CHECK (state IN ('seen', 'e_licence', 'missing')),
    staff_id       uuid NOT NULL,
    at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (application_id, material_index)
);
