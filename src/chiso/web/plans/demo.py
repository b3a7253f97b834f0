"""The demo's plans: the five source documents under their provinces (Sơn La's PII plan 2026 and its
Resolution 57 plan with the KPI table, Lạng Sơn, Cao Bằng, Ninh Bình) with their agencies (aliases and
groups from the shared registry), targets, tasks and KPIs as the sources give them. The annexes are
written as Excel files and imported through the same action as an upload; Lạng Sơn's and Ninh Bình's
targets and assignments are in their text and are entered here as data. Idempotent: a plan already
loaded (same province and title) is left as it is."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from chiso.annex import read_annex
from chiso.annex.agencies import registry as annex_registry
from chiso.annex.samples import LAYOUTS, write_xlsx
from chiso.web.people import actions as people_actions
from chiso.web.people.models import Agency, Profile, Province, Role

from . import actions
from . import agencies as reg
from .models import AgencyAlias, Plan, PlanRelation, Statement

PROVINCES = {"14": "son-la", "04": "cao-bang", "20": "lang-son", "37": "ninh-binh"}
SYSTEM = None  # the loader writes, not a person (as the rest of the demo)
DEMO_WHY = "Dữ liệu mẫu: kế hoạch của tỉnh"


def _admin_profile() -> Profile:
    """The loader acts with an administrator's rights (an unsaved profile: nothing is credited to a user)."""
    return Profile(role=Role.ADMIN)


def _agency(province: Province, name: str, kind: str = "") -> Agency:
    return people_actions.ensure_agency(
        SYSTEM, province, name, kind or actions._kind_of(name), via="system", why=DEMO_WHY
    )


def ensure_registry(province: Province) -> None:
    """Groups, and the shared registry's agencies of this province with their aliases."""
    groups = actions.ensure_groups(province)
    prov = PROVINCES.get(province.code)
    for entry in annex_registry():
        if entry.province not in ("", prov):
            continue
        if entry.is_collective:
            group = groups.get(entry.canonical)
            if group is None:
                group = actions.ensure_group(province, entry.canonical)
            target = {"group": group}
        else:
            agency = Agency.objects.filter(province=province, name=entry.canonical).first()
            if agency is None:
                continue  # only the agencies a plan of this province names (created by the imports)
            target = {"agency": agency}
        for alias in entry.aliases:
            key = reg.key(alias)
            if not AgencyAlias.objects.filter(province=province, key=key).exists():
                actions.add_alias(SYSTEM, _admin_profile(), province, alias, next(iter(target.values())), via="system")


def _plan(province: Province, fields: dict) -> tuple[Plan, bool]:
    plan = Plan.objects.filter(province=province, title=fields["title"]).first()
    if plan is not None:
        return plan, False
    return actions.create_plan(SYSTEM, _admin_profile(), province, fields, via="system"), True


def _import(plan: Plan, layout: str) -> dict:
    prov = PROVINCES.get(plan.province.code)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(LAYOUTS[layout](), Path(tmp) / f"{layout}.xlsx")
        annex = read_annex(path, province=prov)
    return actions.apply_import(SYSTEM, _admin_profile(), plan, annex)


def _task(plan: Plan, number: str, text: str, lead: str, coordinating: str = "", timing: str = "", **more) -> None:
    actions.save_task(
        SYSTEM,
        _admin_profile(),
        plan,
        None,
        {
            "number": number,
            "text": text,
            "lead_as_written": lead,
            "coordinating_as_written": coordinating,
            "timing": timing,
            "position": 1000 + len(plan.tasks.all()),
            **more,
        },
    )


def _target(plan: Plan, code: str, year: int, text: str, kind: str, value=None, of=None, note="") -> None:
    actions.save_target(
        SYSTEM,
        _admin_profile(),
        plan,
        None,
        {
            "code": code,
            "year": year,
            "text": text,
            "kind": kind,
            "value": value,
            "of": of,
            "source": "text",
            "note": note,
        },
    )


# A minimal real PDF (one empty page): the agencies' implementation plans in the demo are files like this.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def son_la(log) -> None:
    province = Province.objects.get(code="14")
    kh142, made = _plan(
        province,
        {
            "issuer": "UBND tỉnh Sơn La",
            "number": "142/KH-UBND",
            "issued_on": dt.date(2025, 6, 4),
            "title": "Kế hoạch thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 của Chính phủ và Kế hoạch hành động "
            "số 333-KH/TU ngày 07/5/2025 của Ban Thường vụ Tỉnh ủy",
            "period_start": 2025,
            "period_end": 2030,
            "index": Plan.Index.R57,
            "status": Plan.Status.ISSUED,
        },
    )
    pii, made = _plan(
        province,
        {
            "issuer": "UBND tỉnh Sơn La",
            "number": "",
            "title": "Kế hoạch cải thiện và nâng cao Bộ Chỉ số đổi mới sáng tạo cấp địa phương năm 2026 và các năm "
            "tiếp theo",
            "period_start": 2026,
            "period_end": 2030,
            "purpose": "Cải thiện và nâng cao thứ hạng Chỉ số PII của tỉnh: năm 2026 các trụ cột đạt thứ hạng mục "
            "tiêu; các năm tiếp theo phấn đấu tăng dần vị trí xếp hạng và điểm số năm sau cao hơn năm trước.",
            "index": Plan.Index.PII,
            "status": Plan.Status.ISSUED,
        },
    )
    if made:
        counts = _import(pii, "son_la_pii")
        log(f"Sơn La PII plan: annex {counts}")
        actions.relate(
            SYSTEM, _admin_profile(), pii, PlanRelation.Kind.CITES, "Kế hoạch số 142/KH-UBND ngày 04/6/2025", kh142
        )
        _task(
            pii,
            "IV.1",
            "Xây dựng Kế hoạch triển khai thực hiện cụ thể tại đơn vị, gửi Sở Khoa học và Công nghệ để theo dõi; "
            "cử cán bộ đầu mối tham gia thu thập, phân tích dữ liệu.",
            "Các sở, ban, ngành; UBND cấp xã",
            "Sở Khoa học và Công nghệ",
            "trước ngày 10/4/2026",
        )
        _task(
            pii,
            "IV.1.b",
            "Hàng năm phân tích, đánh giá các chỉ tiêu được giao chủ trì, báo cáo UBND tỉnh (qua Sở Khoa học và "
            "Công nghệ) trước ngày 30/7 hoặc khi có yêu cầu.",
            "Các sở, ban, ngành; UBND cấp xã",
            "",
            "Hàng năm",
        )
        _task(
            pii,
            "IV.2",
            "Thu thập đầy đủ số liệu và tài liệu minh chứng phục vụ tính toán Chỉ số PII hàng năm; theo dõi, đôn "
            "đốc, đánh giá việc triển khai Kế hoạch; tổng hợp báo cáo định kỳ.",
            "Sở Khoa học và Công nghệ",
            "Các cơ quan, đơn vị liên quan",
            "Thường xuyên",
        )
        # the agencies' own implementation plans (deadline 10/4/2026): two received, one late, one missing
        deadline = dt.date(2026, 4, 10)
        for name, number, issued, received in [
            ("Sở Tài chính", "45/KH-STC", dt.date(2026, 4, 6), dt.date(2026, 4, 8)),
            ("Sở Khoa học và Công nghệ", "31/KH-SKHCN", dt.date(2026, 4, 2), dt.date(2026, 4, 2)),
            ("Sở Nội vụ", "88/KH-SNV", dt.date(2026, 4, 20), dt.date(2026, 4, 22)),
            ("Sở Công Thương", "", None, None),
        ]:
            agency = _agency(province, name)
            upload = ContentFile(PDF, name=f"ke-hoach-trien-khai-{agency.id}.pdf") if received else None
            actions.save_agency_plan(
                SYSTEM,
                _admin_profile(),
                pii,
                agency,
                {"deadline": deadline, "number": number, "issued_on": issued, "received_on": received},
                upload,
            )
    r57, made = _plan(
        province,
        {
            "issuer": "UBND tỉnh Sơn La",
            "number": "",
            "title": "Kế hoạch thực hiện Nghị quyết số 71/NQ-CP ngày 01/4/2025 và Nghị quyết số 11/NQ-CP ngày "
            "14/01/2026 của Chính phủ thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số quốc gia",
            "period_start": 2025,
            "period_end": 2045,
            "index": Plan.Index.R57,
            "status": Plan.Status.ISSUED,
        },
    )
    if made:
        log(f"Sơn La Resolution 57 plan: KPIs {_import(r57, 'r57_kpi')}, tasks {_import(r57, 'r57_tasks')}")
        actions.relate(
            SYSTEM, _admin_profile(), r57, PlanRelation.Kind.REPLACES, "Kế hoạch số 142/KH-UBND ngày 04/6/2025", kh142
        )
    ensure_registry(province)
    _link_solver_plans(province, pii)


def _link_solver_plans(province: Province, plan: Plan) -> None:
    """Sơn La's saved solver plans, attached as proposed targets (a read-only reference)."""
    from django.apps import apps

    for name in ("SolverPlan", "Plan"):
        try:
            model = apps.get_model("steering", name)
        except LookupError:
            continue
        for solver in model.objects.filter(province=province):
            actions.link_solver(SYSTEM, _admin_profile(), plan, solver, "phương án đề xuất mục tiêu")
        return


def cao_bang(log) -> None:
    province = Province.objects.get(code="04")
    plan, made = _plan(
        province,
        {
            "issuer": "UBND tỉnh Cao Bằng",
            "title": "Kế hoạch triển khai các nhiệm vụ, giải pháp cải thiện, nâng cao Chỉ số Đổi mới sáng tạo cấp địa "
            "phương (PII) tỉnh Cao Bằng giai đoạn 2026 - 2030",
            "period_start": 2026,
            "period_end": 2030,
            "purpose": "Phấn đấu cải thiện, nâng cao Chỉ số PII của tỉnh Cao Bằng giai đoạn 2026 - 2030 đều tăng về "
            "điểm số và thứ hạng đạt ≤ 30 (trên 34 tỉnh, thành phố).",
            "index": Plan.Index.PII,
            "status": Plan.Status.ISSUED,
        },
    )
    if not made:
        return
    log(f"Cao Bằng plan: annex {_import(plan, 'cao_bang')}")
    _target(plan, "PII", 2030, "≤ 30 (trên 34 tỉnh, thành phố)", "rank", 30, 34)
    # the State Bank's regional branch, as the text names it (the annex names the Social Policy Bank)
    sbv = _agency(province, "Ngân hàng Nhà nước Khu vực V", "bank")
    key = reg.key("Ngân hàng Nhà nước Khu vực V trên địa bàn tỉnh Cao Bằng")
    if not AgencyAlias.objects.filter(province=province, key=key).exists():
        alias = "Ngân hàng Nhà nước Khu vực V trên địa bàn tỉnh Cao Bằng"
        actions.add_alias(SYSTEM, _admin_profile(), province, alias, sbv, via="system")
    # what the plan's text says where its annex says otherwise (issue 11, item 2)
    for code, what, text, value, where in [
        ("1.2.3", Statement.What.TARGET, "trên 85 điểm", 85.0, "Mục II.2, chỉ số 1.2.3"),
        ("2.2.2", Statement.What.TARGET, "trên 0,5 điểm", 0.5, "Mục II.2, chỉ số 2.2.2"),
        ("3.1", Statement.What.TARGET, "trên 30 điểm", 30.0, "Mục II.2, nhóm chỉ số 3.1"),
        ("2.2.3", Statement.What.LEAD, "Sở Khoa học và Công nghệ", None, "Mục III.2.1 (Sở Khoa học và Công nghệ)"),
        (
            "4.1.2",
            Statement.What.LEAD,
            "Ngân hàng Nhà nước Khu vực V trên địa bàn tỉnh Cao Bằng",
            None,
            "Mục III.2.11",
        ),
    ]:
        actions.add_statement(
            SYSTEM,
            _admin_profile(),
            plan,
            {"code": code, "what": what, "text": text, "value": value, "year": 2026, "where": where},
            via="system",
        )
    ensure_registry(province)
    deadline = dt.date(2026, 3, 31)
    for name, number, received in [("Sở Khoa học và Công nghệ", "12/KH-SKHCN", dt.date(2026, 3, 20))]:
        agency = _agency(province, name)
        actions.save_agency_plan(
            SYSTEM,
            _admin_profile(),
            plan,
            agency,
            {"deadline": deadline, "number": number, "issued_on": received, "received_on": received},
            ContentFile(PDF, name=f"ke-hoach-trien-khai-{agency.id}.pdf"),
        )


def lang_son(log) -> None:
    province = Province.objects.get(code="20")
    plan, made = _plan(
        province,
        {
            "issuer": "UBND tỉnh Lạng Sơn",
            "title": "Kế hoạch cải thiện và nâng cao Chỉ số đổi mới sáng tạo cấp địa phương (PII) tỉnh Lạng Sơn năm "
            "2026 và những năm tiếp theo",
            "period_start": 2026,
            "period_end": 2030,
            "purpose": "Khắc phục, cải thiện các trụ cột, chỉ số còn hạn chế; duy trì, phát huy các điểm mạnh; nâng "
            "cao vị trí xếp hạng PII của tỉnh (năm 2025 đứng thứ 29).",
            "index": Plan.Index.PII,
            "status": Plan.Status.DRAFT,
        },
    )
    if not made:
        return
    for name in (
        "Sở Khoa học và Công nghệ",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Báo và Phát thanh, Truyền hình Lạng Sơn",
    ):
        _agency(province, name)
    ensure_registry(province)
    _target(plan, "PII", 2026, "tăng 04 bậc so với năm 2025", "relative", 4, note="năm 2025 xếp thứ 29")
    for code in ("5.5.2", "6.2.4", "1.2.1", "6.3.2", "1.2.4"):  # strengths to keep ("5.5.2" as the text writes it)
        _target(plan, code, 2026, "duy trì và nâng cao", "maintain", note="yếu tố tiềm năng cần duy trì")
    for code in ("7.2.2", "7.2.4", "7.1.2", "4.1.4", "4.2.2"):  # weaknesses to overcome
        _target(
            plan, code, 2027, "tiến tới đạt mức trung bình cả nước", "not_below_mean", note="điểm yếu cần khắc phục"
        )
    _task(
        plan,
        "IV.1",
        "Tổ chức tuyên truyền, tập huấn nội dung, ý nghĩa, phương pháp tính toán, nguồn dữ liệu của Bộ chỉ số; tổng "
        "hợp, cập nhật đầy đủ, chính xác dữ liệu trên phần mềm tính toán của Bộ Khoa học và Công nghệ.",
        "Sở Khoa học và Công nghệ",
        "Các cơ quan, đơn vị liên quan",
        "Thường xuyên",
    )
    _task(
        plan,
        "IV.1.b",
        "Hướng dẫn, đôn đốc việc thực hiện Kế hoạch; tổng hợp kết quả thực hiện, báo cáo UBND tỉnh trước ngày 25/6 "
        "và 25/12 hàng năm (hoặc đột xuất khi có yêu cầu).",
        "Sở Khoa học và Công nghệ",
        "",
        "Hàng năm",
    )
    _task(
        plan,
        "IV.2",
        "Thông tin, tuyên truyền kết quả đánh giá Chỉ số PII năm 2025 và Kế hoạch này gắn với thực hiện Nghị quyết "
        "số 57-NQ/TW.",
        "Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Lạng Sơn",
        "",
        "Năm 2026",
    )
    _task(
        plan,
        "IV.3",
        "Tuyên truyền về Chỉ số PII trong cơ quan, đơn vị, địa phương; triển khai các nhiệm vụ, giải pháp được phân "
        "công; báo cáo, cung cấp thông tin và tài liệu minh chứng khi có văn bản đề nghị của Sở Khoa học và Công nghệ.",
        "Các sở, ban, ngành; UBND cấp xã",
        "",
        "khi có yêu cầu",
    )


def ninh_binh(log) -> None:
    province = Province.objects.get(code="37")
    plan, made = _plan(
        province,
        {
            "issuer": "UBND tỉnh Ninh Bình",
            "title": "Kế hoạch nâng cao chỉ số đổi mới sáng tạo cấp địa phương tỉnh Ninh Bình giai đoạn 2026 - 2030",
            "period_start": 2026,
            "period_end": 2030,
            "purpose": "Nâng cao thứ hạng PII thông qua cải thiện đồng bộ các trụ cột đầu vào và đầu ra; đến năm 2030 "
            "PII của tỉnh thuộc nhóm 10 địa phương dẫn đầu cả nước.",
            "index": Plan.Index.PII,
            "status": Plan.Status.DRAFT,
        },
    )
    if not made:
        return
    for name in ("Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"):
        _agency(province, name)
    ensure_registry(province)
    _target(plan, "PII", 2026, "Duy trì vị trí xếp hạng PII trong Top 15", "rank", 15)
    _target(plan, "PII", 2027, "đạt thứ hạng 13 toàn quốc vào năm 2027", "rank", 13)
    _target(plan, "PII", 2028, "tăng ít nhất 01 bậc so với năm liền kề", "relative", 1)
    _target(plan, "PII", 2029, "đạt thứ hạng 11 vào năm 2029", "rank", 11)
    _target(plan, "PII", 2029, "100% các chỉ số đạt mức từ trung bình cả nước trở lên", "not_below_mean")
    _target(plan, "PII", 2030, "thuộc nhóm 10 địa phương dẫn đầu cả nước", "rank", 10)
    for number, text in [
        (
            "III.1",
            "Nâng cao nhận thức, tư duy và trách nhiệm về đổi mới sáng tạo; lấy kết quả cải thiện chỉ số PII "
            "là tiêu chí đánh giá mức độ hoàn thành nhiệm vụ hằng năm.",
        ),
        (
            "III.2",
            "Hoàn thiện thể chế, chính sách và tạo lập môi trường thuận lợi; xây dựng mô hình thí điểm chính "
            "sách (Sandbox); hình thành quỹ đầu tư mạo hiểm và quỹ hỗ trợ khởi nghiệp cấp tỉnh.",
        ),
        (
            "III.3",
            'Phát triển nguồn nhân lực và năng lực nghiên cứu; liên kết "ba nhà"; mạng lưới chuyên gia đổi '
            "mới sáng tạo.",
        ),
        (
            "III.4",
            "Xây dựng và triển khai Đề án phát triển Hệ sinh thái đổi mới sáng tạo tỉnh Ninh Bình giai đoạn "
            "2026 - 2030; hình thành Trung tâm đổi mới sáng tạo cấp tỉnh.",
        ),
        (
            "III.5",
            "Thúc đẩy sản phẩm tri thức và tạo tác động kinh tế - xã hội; hỗ trợ xác lập quyền sở hữu trí tuệ "
            "cho sản phẩm chủ lực và sản phẩm OCOP.",
        ),
        ("III.6", "Gắn kết các bộ chỉ số điều hành (PCI, PAR Index, PAPI, DTI); số hóa, cập nhật tài liệu minh chứng."),
    ]:
        _task(plan, number, text, "Các sở, ban, ngành; UBND cấp xã", "", "2026–2030")
    _task(
        plan,
        "IV.1",
        "Tuyên truyền, tập huấn về Bộ chỉ số; tổng hợp, cập nhật dữ liệu trên phần mềm của Bộ Khoa học và Công nghệ; "
        "phân tích kết quả PII hằng năm và báo cáo UBND tỉnh.",
        "Sở Khoa học và Công nghệ",
        "Các sở, ban, ngành",
        "Hàng năm",
    )
    _task(
        plan,
        "IV.2",
        "Tham mưu khen thưởng các tập thể, cá nhân có thành tích xuất sắc trong triển khai PII.",
        "Sở Nội vụ",
        "Sở Khoa học và Công nghệ",
        "Hàng năm",
    )
    _task(
        plan,
        "IV.3",
        "Tham mưu bố trí kinh phí thực hiện Kế hoạch.",
        "Sở Tài chính",
        "Sở Khoa học và Công nghệ",
        "Hàng năm",
    )


@transaction.atomic
def load(log=print) -> None:
    for build in (son_la, cao_bang, lang_son, ninh_binh):
        build(log)
