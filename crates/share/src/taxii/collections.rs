//! The collections ringtrace serves, one per sharing audience. Which
//! reports' objects a caller finds in each is decided with the TLP rule;
//! the audience only narrows it.

use ringtrace_model::Tlp;

/// Who a collection is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Reports marked TLP:CLEAR or TLP:GREEN: every partner.
    Community,
    /// Reports marked TLP:AMBER that the caller may see (ring membership
    /// and indicators, or whole where the owner granted it).
    Amber,
    /// The caller's own reports, whatever their marking.
    Own,
    /// Where partners add objects; not readable.
    Inbox,
}

/// One collection.
#[derive(Clone, Copy, Debug)]
pub struct CollectionDef {
    pub id: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub audience: Audience,
    pub can_read: bool,
    pub can_write: bool,
}

impl CollectionDef {
    pub fn find(id: &str) -> Option<&'static CollectionDef> {
        COLLECTIONS.iter().find(|c| c.id == id)
    }

    /// Whether a report with this owner and marking belongs here for a
    /// caller of partner `caller` (the TLP rule is applied besides).
    pub fn holds(&self, owner_is_caller: bool, tlp: Tlp) -> bool {
        match self.audience {
            Audience::Community => matches!(tlp, Tlp::Clear | Tlp::Green),
            Audience::Amber => tlp == Tlp::Amber,
            Audience::Own => owner_is_caller,
            Audience::Inbox => false,
        }
    }

    /// The collection resource (section 5.2 of TAXII 2.1).
    pub fn resource(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "can_read": self.can_read,
            "can_write": self.can_write,
            "media_types": [super::STIX_MEDIA_TYPE],
        })
    }
}

/// Every collection, in the order they are listed.
pub const COLLECTIONS: &[CollectionDef] = &[
    CollectionDef {
        id: "5f9e8b52-1c3d-5a7e-9b21-6d0c4e8f7a10",
        title: "Community (TLP:CLEAR and TLP:GREEN)",
        description: "Rings, reports and indicators marked TLP:CLEAR or TLP:GREEN, from every partner.",
        audience: Audience::Community,
        can_read: true,
        can_write: false,
    },
    CollectionDef {
        id: "7a3c1e64-2b8d-5f90-8c42-1e5d7b9a3c21",
        title: "Partners (TLP:AMBER)",
        description: "Reports marked TLP:AMBER as the caller may see them: ring membership and indicators, and the details where their owner shared them.",
        audience: Audience::Amber,
        can_read: true,
        can_write: false,
    },
    CollectionDef {
        id: "2d6f4a80-9e1b-5c37-a4d5-8b2e0f6c1d32",
        title: "Own reports",
        description: "The caller's own reports, every marking, with the rings and indicators they belong to.",
        audience: Audience::Own,
        can_read: true,
        can_write: false,
    },
    CollectionDef {
        id: "9b1e7c35-4f2a-5d68-b3e9-0c7a5d2f8e43",
        title: "Inbox",
        description: "Add STIX 2.1 objects here: reports and indicators are imported as the caller's partner's reports, with the TLP marking they carry.",
        audience: Audience::Inbox,
        can_read: false,
        can_write: true,
    },
];
