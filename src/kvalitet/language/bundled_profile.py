"""The profile of the bundled standards, with static types for editors and mypy.

Generated from the bundled vocabulary files by ``kvalitet schema --python``; do not edit. At run
time ``Profile`` is the model :func:`kvalitet.language.profile.profile_model` builds from the
same vocabulary, so validation is exactly the vocabulary's.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from kvalitet.language.profile import ProfileBase

if TYPE_CHECKING:
    SupportNeedLevelValue = Literal[
        "A",
        "B",
        "C",
        "D",
        "E",
    ]
    HousingValue = Literal[
        "own_home",
        "family_home",
        "temporary_residence",
        "long_term_residence",
        "crisis_centre",
        "shelter",
        "homeless",
    ]
    EmployerTransferValue = Literal[
        "none",
        "close_relative",
        "association",
        "company",
    ]
    FunctionProblemLevelValue = Literal[
        "ingen",
        "let",
        "moderat",
        "svaert",
        "fuldstaendigt",
    ]
    TreatmentFormValue = Literal[
        "ambulant",
        "day",
        "residential",
    ]
    TeachingPurposeValue = Literal[
        "compensatory",
        "maintenance",
        "age_related_decline",
        "dementia",
        "stu_extension",
        "vocational",
        "exam_preparation",
    ]

    class Profile(ProfileBase):
        """What is known about a citizen. A field left out (or ``None``) is unknown."""

        birth_date: date | None = None
        """Date of birth."""
        age: int | None = None
        """Age in whole years (only if the date of birth is missing)."""
        support_need_level: SupportNeedLevelValue | None = None
        """Overall professional assessment under VUM 2.0."""
        impairment_substantial: bool | None = None
        """Substantially reduced physical or mental functional capacity."""
        impairment_permanent: bool | None = None
        """Permanently reduced functional capacity."""
        special_social_problems: bool | None = None
        """Special social problems (særlige sociale problemer)."""
        housing: HousingValue | None = None
        """Where the citizen lives."""
        current_services: tuple[str, ...] | None = None
        """Services the citizen has already been granted."""
        can_go_out_alone: bool | None = None
        """Can go out alone."""
        escort_in_residence_hours_per_month: float | None = None
        """Individual escort provided by the residential facility, hours a month."""
        weekly_care_need_hours: float | None = None
        """Need for personal and practical help, hours a week."""
        can_be_work_supervisor: bool | None = None
        """Can act as work supervisor (arbejdsleder)."""
        can_be_employer: bool | None = None
        """Can act as employer (arbejdsgiver)."""
        employer_transfer: EmployerTransferValue | None = None
        """Agreement to transfer the employer role."""
        cared_for_at_home_by_close_relative: bool | None = None
        """Cared for in own home by a close relative."""
        support_hours_per_month: float | None = None
        """Assessed need for socio-pedagogical support, hours a month."""
        monthly_extra_expenses: float | None = None
        """Substantiated necessary additional expenses, DKK a month."""
        early_pension_before_2003: bool | None = None
        """Disability pension under the old rules (awarded before 2003)."""
        needs_special_treatment: bool | None = None
        """Needs treatment of a quite exceptional nature."""
        ordinary_treatment_exhausted: bool | None = None
        """Options in the usual treatment system are exhausted."""
        needs_treatment_to_preserve_or_improve_functions: bool | None = None
        """Needs treatment to preserve or improve functions."""
        violence_in_close_relations: bool | None = None
        """Subjected to violence in close relationships."""
        accompanying_children: int | None = None
        """Number of accompanying children."""
        alcohol_dependence: bool | None = None
        """Alcohol dependence."""
        drug_dependence: bool | None = None
        """Drug misuse."""
        can_be_alone_at_home: bool | None = None
        """Can be alone at home for longer periods."""
        can_express_escort_wish: bool | None = None
        """Can express a wish for individual escort."""
        aware_of_activity_content: bool | None = None
        """Is aware of the content of the activity."""
        can_request_escort_without_pedagogy: bool | None = None
        """Can ask for individual escort without pedagogical content."""
        needs_qualified_escort: bool | None = None
        """The impairment requires an escort with special qualifications."""
        complex_help_need: bool | None = None
        """Complex, composite need for help that cannot be met in any other way."""
        can_use_other_employment_offers: bool | None = None
        """Can use schemes under other legislation, e.g. wage subsidy."""
        needs_social_activities: bool | None = None
        """Needs social contact and activities together with others."""
        needs_extensive_daily_help: bool | None = None
        """Needs extensive help with ordinary daily functions."""
        needs_24h_care: bool | None = None
        """Needs continuity and round-the-clock cover."""
        motivated: bool | None = None
        """Motivated to receive the intervention."""
        treatment_need_documented: bool | None = None
        """The need for treatment is well documented."""
        treatment_available_under_other_law: bool | None = None
        """The treatment can be given under other legislation."""
        treatment_approved_in_denmark: bool | None = None
        """The treatment applied for is approved in Denmark."""
        function_problem_level: FunctionProblemLevelValue | None = None
        """Overall function assessment on the VUM 2.0 problem scale."""
        sought_due_to_waiting_list_or_user_payment: bool | None = None
        """Sought due to a waiting list or user charge in the usual treatment system."""
        can_obtain_ordinary_employment: bool | None = None
        """Can obtain or keep employment on normal terms."""
        able_to_work_at_workplace: bool | None = None
        """Able to produce and take part in everyday life at a workplace."""
        can_be_supported_in_ordinary_housing: bool | None = None
        """The intervention can be provided in ordinary housing with support."""
        support_need_expected_to_change: bool | None = None
        """The need for help and support is expected to be able to change."""
        needs_nursing_and_care: bool | None = None
        """Needs nursing and care."""
        needs_can_be_met_otherwise: bool | None = None
        """24-hour cover, extensive help or nursing can be met in another way."""
        violence_threat_or_comparable_crisis: bool | None = None
        """Threats of violence or a comparable crisis in family or cohabitation."""
        needs_care_support_and_aftercare: bool | None = None
        """Needs care, support and any subsequent help."""
        treatment_performed_in_denmark: bool | None = None
        """The treatment is carried out in Denmark."""
        treatment_form: TreatmentFormValue | None = None
        """Form of treatment (alcohol or drug treatment)."""
        substance_free_during_treatment: bool | None = None
        """Sober or drug-free during the course."""
        ambulant_and_day_treatment_tried: bool | None = None
        """Outpatient and day treatment have been tried sufficiently."""
        substance_use_significantly_harmful: bool | None = None
        """Alcohol or drug use significantly harms the citizen's life situation."""
        wants_anonymous_treatment: bool | None = None
        """Wants anonymous treatment for drug misuse."""
        other_social_problems: bool | None = None
        """Social problems other than the substance problem."""
        helper_count: int | None = None
        """Number of helpers employed under the helper scheme."""
        employer_transfer_party_approved: bool | None = None
        """Party taking over employer responsibility is approved by Socialtilsynet."""
        close_relative_transfer_wanted: bool | None = None
        """Citizen and close relative want the grant transferred to the relative."""
        needs_support_beyond_advice: bool | None = None
        """Assessed need for support beyond advice and guidance."""
        close_relative_can_take_employer_role: bool | None = None
        """The close relative can act as employer of the helpers."""
        impairment: bool | None = None
        """Reduced physical or mental functional capacity (any degree)."""
        help_paid_to_close_relative: bool | None = None
        """Help paid to a close relative who fully or partly cares for the citizen."""
        social_problems: bool | None = None
        """Social problems (not necessarily special ones)."""
        at_risk_of_impairment_or_social_problems: bool | None = None
        """At risk of developing an impairment or social problems."""
        at_risk_of_homelessness: bool | None = None
        """At risk of homelessness."""
        group_or_checkpoint_course_insufficient: bool | None = None
        """Group programme and/or Tjekpunkt programme is not sufficient."""
        state_pension_deferred: bool | None = None
        """Has deferred payment of the state pension."""
        impairment_intrusive_consequences: bool | None = None
        """The impairment has intrusive consequences in everyday life."""
        frequent_substantial_assistance_measures: bool | None = None
        """Often requires not insignificant assistance measures."""
        extra_expenses_caused_by_impairment: bool | None = None
        """The additional expenses are a direct result of the impairment."""
        extra_expenses_coverable_otherwise: bool | None = None
        """Additional expenses can be applied for or compensated under other rules."""
        past_compulsory_school_age: bool | None = None
        """Past compulsory school age."""
        needs_special_teaching: bool | None = None
        """Needs compensatory special education (kompenserende specialundervisning)."""
        lives_in_municipality: bool | None = None
        """Lives in the municipality or stays there for a longer period."""
        teaching_need_met_elsewhere: bool | None = None
        """The need for special education can be met in another way."""
        home_relief_days_per_year: int | None = None
        """Granted relief care at home, in respite days a year."""
        helper_seniority_years: float | None = None
        """The disability helper's seniority in years."""
        stay_like_botilbud: bool | None = None
        """The stay is like a residential facility ("botilbud eller lignende")."""
        group_course_is_social_skills_training: bool | None = None
        """The group course is Social Skills Training (Social Færdighedstræning)."""
        cognitive_challenges: bool | None = None
        """Has cognitive challenges."""
        needs_social_competence_support: bool | None = None
        """Special needs for support with social competences."""
        can_join_and_benefit_from_community: bool | None = None
        """Can take part in and benefit from the social community."""
        teaching_purpose: TeachingPurposeValue | None = None
        """What the special education is sought for."""
        clear_development_prospects: bool | None = None
        """Quite clear and obvious development prospects."""
        can_transport_self_to_offer: bool | None = None
        """Can get to the offer on their own."""

else:
    from kvalitet.language.profile import profile_model
    from kvalitet.language.vocabulary_loader import bundled_vocabulary

    Profile = profile_model(bundled_vocabulary())

__all__ = ["Profile"]
