//! The OpenAPI 3 document, generated from the handlers.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "BorderDesk sync API", description = "Sync between BorderDesk devices and the BorderDesk server."),
    paths(
        crate::api::healthz,
        crate::metrics::metrics,
        crate::api::enroll,
        crate::api::push,
        crate::api::pull,
        crate::api::track,
        crate::api::site_key,
        crate::api::announce_attachment,
        crate::api::attachment_status,
        crate::api::upload_attachment,
        crate::api::save_draft,
        crate::staff_calls::call,
        crate::staff_calls::open_calls,
        crate::staff_calls::answer,
        crate::api::open_draft,
        crate::api::claim_draft,
        crate::api::set_status,
        crate::api::get_application,
        crate::api::revoke_device,
        crate::api::disable_staff,
        crate::staff::create,
        crate::staff::login,
        crate::staff::logout,
        crate::staff::me,
        crate::staff::audit_for_staff,
        crate::staff::audit_for_admin,
        crate::notary_api::availability,
        crate::notary_api::day,
        crate::notary_api::sms_report,
        crate::notary_api::outcome,
        crate::notary_api::change_slot,
        crate::legal_aid::reference,
        crate::legal_aid::track,
        crate::legal_aid::queue,
        crate::legal_aid::case,
        crate::legal_aid::action,
        crate::legal_aid::figures,
        crate::legal_aid::figures_csv,
        crate::desk::queue,
        crate::desk::open_application,
        crate::desk::check_materials,
        crate::desk::accept,
        crate::ratings::follow_up,
        crate::health::report,
        crate::health::devices,
        crate::health::history,
        crate::updates::check,
        crate::updates::artifact,
        crate::updates::releases,
        crate::updates::set_rollout,
        crate::console::login,
        crate::console::logout,
        crate::console::current_session,
        crate::console::messages,
        crate::console::fleet_page,
        crate::console::revoke,
        crate::console::staff_list,
        crate::console::staff_create,
        crate::console::staff_password,
        crate::console::staff_disable,
        crate::console::audit_search,
        crate::console::staff_assignment,
        crate::console::offices::offices,
        crate::console::offices::notary_calendar,
        crate::console::offices::notary_sms,
        crate::console::offices::legal_aid_overdue,
        crate::console::enrollment_code_create,
        crate::console::enrollment_codes,
        crate::console::enrollment_code_cancel,
        crate::api::enroll_with_code,
        crate::console::reference::catalog_check,
        crate::console::reference::catalog_import,
        crate::console::reference::catalog_versions,
        crate::console::reference::catalog_version_diff,
        crate::console::reference::catalog_version_restore,
        crate::console::legal_aid_figures,
        crate::console::legal_aid_figures_csv,
        crate::console::rating_figures,
    ),
    components(schemas(
        borderdesk_protocol::ErrorBody,
        borderdesk_protocol::Change,
        borderdesk_protocol::Mutation,
        borderdesk_protocol::MutationResult,
        borderdesk_protocol::Outcome,
        borderdesk_protocol::StaffInfo,
        borderdesk_protocol::AuditEntry,
        borderdesk_protocol::ConsoleSession,
        borderdesk_protocol::Fleet,
        borderdesk_protocol::StaffAccount,
        borderdesk_protocol::AuditLine,
        borderdesk_protocol::StaffAssignment,
        borderdesk_protocol::ConsoleOffices,
        borderdesk_protocol::OfficeRef,
        borderdesk_protocol::OfficeOverdue,
        borderdesk_protocol::OverdueRequest,
        borderdesk_protocol::EnrollmentCodeRequest,
        borderdesk_protocol::NewEnrollmentCode,
        borderdesk_protocol::PendingEnrollment,
        borderdesk_protocol::RedeemEnrollmentRequest,
        borderdesk_protocol::CatalogCheck,
        borderdesk_protocol::CatalogRowError,
        borderdesk_protocol::CatalogVersion,
        borderdesk_protocol::CatalogVersionDiff,
        borderdesk_protocol::RatingFigures,
        borderdesk_protocol::ServiceRatingFigures,
    )),
    modifiers(&Security),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let bearer =
            || SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        components.add_security_scheme("device_token", bearer());
        components.add_security_scheme("admin_token", bearer());
        components.add_security_scheme(
            "staff_session",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Header(
                utoipa::openapi::security::ApiKeyValue::new(borderdesk_protocol::STAFF_HEADER),
            )),
        );
        // The console's session cookie; requests that change something also send the
        // session's CSRF token in `x-csrf-token`.
        components.add_security_scheme(
            "console_session",
            SecurityScheme::ApiKey(utoipa::openapi::security::ApiKey::Cookie(
                utoipa::openapi::security::ApiKeyValue::new(
                    borderdesk_protocol::console::SESSION_COOKIE,
                ),
            )),
        );
    }
}
