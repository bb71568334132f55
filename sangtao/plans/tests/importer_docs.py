"""Documents written for the importer's tests, in the administrative style, and a .docx builder."""

import io
from pathlib import Path

import docx

from sangtao.plans.importer.reading import paragraphs_from_text

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parents[1] / "importer" / "samples"


def seed_text() -> str:
    return (DATA / "ke-hoach-454.txt").read_text(encoding="utf-8")


def stem_day_text() -> str:
    return (SAMPLES / "ke-hoach-ngay-hoi-stem-q12.txt").read_text(encoding="utf-8")


def docx_bytes(text: str, *, auto_bullets: bool = False, header_table: bool = True) -> bytes:
    """A Word document made of the text's lines; the header's first two lines (body and motto) go in a
    two-column table as offices lay them out, and with `auto_bullets` the "- " items become Word's own
    bulleted list (the dash is then no longer part of the paragraph's text)."""
    document = docx.Document()
    lines = text.splitlines()
    if header_table and lines and "\t" in lines[0]:
        table = document.add_table(rows=2, cols=2)
        for r in range(2):
            left, right = lines[r].split("\t")
            table.cell(r, 0).text = left
            table.cell(r, 1).text = right
        lines = lines[2:]
    for line in paragraphs_from_text("\n".join(lines)):
        if auto_bullets and line.startswith("- "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Huyện Củ Chi: Roman numerals without dots, "1.1." items, "a)" and "+" bullets, other units.
CU_CHI = """ỦY BAN NHÂN DÂN HUYỆN CỦ CHI
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc
Số: 87/KH-PGDĐT
Củ Chi, ngày 12 tháng 9 năm 2023
KẾ HOẠCH
Triển khai giáo dục STEM trong các trường tiểu học và trung học cơ sở
năm học 2023-2024
Căn cứ Quyết định số 1520/QĐ-UBND ngày 05 tháng 9 năm 2023 của Ủy ban nhân dân huyện Củ Chi;
Căn cứ Kế hoạch số 3011/KH-SGDĐT ngày 30 tháng 8 năm 2023 của Sở Giáo dục và Đào tạo.
I MỤC TIÊU
1.1. Mục tiêu chung
Nâng cao chất lượng dạy học các môn khoa học, công nghệ, kỹ thuật và toán học; phấn đấu 80% trường tiểu học có tổ chức bài học STEM.
1.2. Chỉ tiêu
Phấn đấu có ít nhất 30 chuyên đề STEM cấp huyện được tổ chức trong năm học.
II NHIỆM VỤ VÀ GIẢI PHÁP
2.1. Bồi dưỡng giáo viên
a) Tổ Trung học cơ sở chủ trì, phối hợp với Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên huyện tổ chức 02 lớp tập huấn giáo viên THCS trong tháng 10/2023.
b) Tổ Tiểu học hướng dẫn các trường tiểu học xây dựng kế hoạch giáo dục STEM trước ngày 30/9/2023.
2.2. Tổ chức hoạt động trải nghiệm
Huyện đoàn Củ Chi chủ trì; Tổ Trung học cơ sở phối hợp tổ chức hội thi Sáng tạo thanh thiếu niên, cụ thể:
+ Vòng trường: quý IV/2023.
+ Vòng huyện: từ ngày 15/01/2024 đến ngày 20/01/2024.
III TỔ CHỨC THỰC HIỆN
3.1. Tổ Kế hoạch – Tài chính
Tham mưu phân bổ kinh phí thực hiện kế hoạch trước ngày 15/10/2023.
3.2. Các cơ sở giáo dục
Hiệu trưởng các trường THCS Tân Thông Hội, THCS Phước Hiệp và các trường tiểu học báo cáo kết quả về Phòng (qua Tổ Tiểu học) chậm nhất ngày 25/5/2024.
Nơi nhận:
- UBND huyện (để b/c);
- Huyện đoàn Củ Chi (để p/h);
- Các trường TH, THCS (để t/h);
- Lưu: VT.
TRƯỞNG PHÒNG
Lê Văn Minh
"""

# A decision with "Điều 1." articles, numbered items, dash bullets, and a table of tasks.
DECISION = """PHÒNG GIÁO DỤC VÀ ĐÀO TẠO QUẬN 12
Số: 15/QĐ-GDĐT
Quận 12, ngày 08 tháng 01 năm 2024
QUYẾT ĐỊNH
Về việc giao nhiệm vụ tổ chức Hội thi Sáng tạo trẻ năm 2024
Căn cứ Kế hoạch số 454/KH-GDĐT ngày 30 tháng 10 năm 2023 của Phòng Giáo dục và Đào tạo Quận 12.
Điều 1. Giao nhiệm vụ tổ chức Hội thi Sáng tạo trẻ năm 2024 như sau:
1. Tổ Phổ thông chủ trì, phối hợp với Phòng Kinh tế tổ chức vòng chung kết vào tháng 4/2024.
2. Trường THCS Nguyễn Ảnh Thủ đăng cai tổ chức, chuẩn bị địa điểm trước ngày 01/04/2024.
3. Các trường TH, THCS cử học sinh dự thi; đảm bảo 100% trường THCS có đội dự thi.
Điều 2. Tổ Mầm non tham mưu tổ chức ngày hội “Bé làm nhà khoa học” cho các trường mầm non trong quý II/2024.
Điều 3. Trách nhiệm thi hành
- Tổ Phổ thông tổng hợp kết quả, báo cáo UBND Q.12.
- Hiệu trưởng các trường chịu trách nhiệm thi hành Quyết định này.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
"""

# Pasted text: a wrapped paragraph, no "Nơi nhận", "I." sections and dash bullets directly under them.
PASTED = """Số: 21/KH-GDĐT
Quận 12, ngày 02 tháng 02 năm 2024
KẾ HOẠCH
Hưởng ứng Ngày Khoa học và Công nghệ Việt Nam 18/5 năm 2024
I. NỘI DUNG
- Các trường treo băng rôn, tổ chức tuyên truyền dưới cờ về Ngày Khoa học và
công nghệ Việt Nam trong tháng 5/2024.
- Tổ Phổ thông phối hợp với Phòng Kinh tế tổ chức tham quan doanh nghiệp khởi nghiệp
cho học sinh THCS, chậm nhất ngày 18/5/2024; tối thiểu 200 học sinh tham gia.
II. TỔ CHỨC THỰC HIỆN
Các trường báo cáo kết quả về Phòng trước ngày 25/5/2024.
"""

NO_STRUCTURE = """Kính gửi: Hiệu trưởng các trường.
Phòng Giáo dục và Đào tạo đề nghị các trường gửi báo cáo về Phòng đúng hạn.
Trân trọng.
"""
