//! Enrolment: the ADE project's resources (programmes, tutorial groups,
//! French-as-a-foreign-language levels) and which ones a persona follows,
//! derived from its login so the same persona always has the same
//! programme, in the timetable as in the placement agreement.

/// One ADE resource: a programme or a group of students.
pub struct Resource {
    pub id: u32,
    pub name: &'static str,
}

pub const RESOURCES: &[Resource] = &[
    Resource {
        id: 3101,
        name: "M1 Management international",
    },
    Resource {
        id: 3102,
        name: "M1 Management international - TD1",
    },
    Resource {
        id: 3103,
        name: "M1 Management international - TD2",
    },
    Resource {
        id: 3201,
        name: "M1 Machine Learning and Data Mining",
    },
    Resource {
        id: 3202,
        name: "M1 MLDM - TP1",
    },
    Resource {
        id: 3203,
        name: "M1 MLDM - TP2",
    },
    Resource {
        id: 3301,
        name: "M1 Langues étrangères appliquées",
    },
    Resource {
        id: 3302,
        name: "M1 LEA - TD1",
    },
    Resource {
        id: 3303,
        name: "M1 LEA - TD2",
    },
    Resource {
        id: 4001,
        name: "DU FLE - Niveau B1",
    },
    Resource {
        id: 4002,
        name: "DU FLE - Niveau B2",
    },
];

/// The programmes a persona may follow: (programme, its two groups).
pub const PROGRAMMES: &[(u32, [u32; 2])] = &[
    (3101, [3102, 3103]),
    (3201, [3202, 3203]),
    (3301, [3302, 3303]),
];
pub const FLE_LEVELS: &[u32] = &[4001, 4002];

/// The resource `id`, if there is one.
pub fn resource(id: u32) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.id == id)
}

/// The resources (programme, group, French level) a persona follows.
pub fn resources_of(login: &str) -> Vec<u32> {
    let mut rng = crate::core::secret::Seeded::new(&format!("ade:{login}"));
    let (programme, groups) = *rng.pick(PROGRAMMES);
    let group = *rng.pick(&groups);
    let fle = *rng.pick(FLE_LEVELS);
    vec![programme, group, fle]
}
