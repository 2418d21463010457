"""Demo content for the catalogue: site structure, providers, sponsors and courses with cohorts."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Revision, Site
from wagtail.rich_text import RichText

from . import permissions
from .models import (
    Category,
    Cohort,
    CourseIndexPage,
    CoursePage,
    CourseSkill,
    District,
    HomePage,
    NewsIndexPage,
    NewsPage,
    Provider,
    Skill,
    Sponsor,
)
from .naming import merge_similar_categories
from .reference_data import load_districts, load_skills

PROVIDERS = [
    ("ipc5", "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5", "Industrial Promotion Center Region 5", "government", "4001"),
    ("kk-tech", "วิทยาลัยเทคนิคขอนแก่น", "Khon Kaen Technical College", "college", "4001"),
    ("isan-ev-motors", "บริษัท อีสานอีวีมอเตอร์ จำกัด", "Isan EV Motors Co., Ltd.", "company", "4001"),
    ("banphai-ic", "วิทยาลัยการอาชีพบ้านไผ่", "Ban Phai Industrial and Community Education College", "college", "4010"),
    ("chumphae-tc", "วิทยาลัยเทคนิคชุมแพ", "Chum Phae Technical College", "college", "4005"),
    ("phon-ic", "วิทยาลัยการอาชีพพล", "Phon Industrial and Community Education College", "college", "4012"),
    ("dsd-kk", "สถาบันพัฒนาฝีมือแรงงาน 6 ขอนแก่น", "Institute for Skill Development Region 6 Khon Kaen",
     "government", "4001"),
    ("kk-youth", "มูลนิธิพัฒนาเยาวชนขอนแก่น", "Khon Kaen Youth Development Foundation", "ngo", "4007"),
]
CATEGORIES = [
    ("ev-motorcycle", "ยานยนต์ไฟฟ้า", "Electric vehicles"),
    ("small-engine", "เครื่องยนต์เล็กและรถจักรยานยนต์", "Small engines & motorcycles"),
    ("electrical", "ไฟฟ้าและอิเล็กทรอนิกส์", "Electrical & electronics"),
    ("energy", "พลังงานทดแทน", "Renewable energy"),
    ("metal", "งานเชื่อมและโลหะ", "Welding & metalwork"),
    ("business", "ธุรกิจร้านซ่อม", "Repair-shop business"),
    ("services", "งานบริการ", "Service jobs"),
]
SPONSORS = [
    ("eef", "กองทุนเพื่อความเสมอภาคทางการศึกษา (กสศ.)", "Equitable Education Fund (EEF)", "fund"),
    ("isan-ev-motors", "บริษัท อีสานอีวีมอเตอร์ จำกัด", "Isan EV Motors Co., Ltd.", "company"),
    ("kk-pao", "องค์การบริหารส่วนจังหวัดขอนแก่น", "Khon Kaen Provincial Administrative Organisation", "government"),
]
# Who qualifies for each sponsor's share (shown on the course page and before a learner confirms an application)
SPONSOR_ELIGIBILITY = {
    "eef": ("ฟรีสำหรับเยาวชนนอกระบบการศึกษา อายุ 15–24 ปี", "free for out-of-school youth aged 15–24"),
    "isan-ev-motors": ("ทุนบริษัทสำหรับผู้ที่พร้อมฝึกงานกับศูนย์บริการของบริษัทหลังจบ",
                       "company grant for learners ready to intern at its service centres afterwards"),
    "kk-pao": ("ทุน อบจ. สำหรับผู้มีภูมิลำเนาในจังหวัดขอนแก่น", "provincial grant for residents of Khon Kaen province"),
}

# The flagship course first; (external_id, title_th, title_en, summary_th, summary_en, provider, category,
# hours, fee, sponsor, sponsor_share, district, skills with levels)
COURSES = [
    (
        "EV-MC-101", "ช่างซ่อมรถจักรยานยนต์ไฟฟ้าและดัดแปลงรถน้ำมันเป็นไฟฟ้า",
        "EV motorcycle repair and petrol-to-electric conversion",
        "เรียนซ่อมมอเตอร์ไซค์ไฟฟ้า ตรวจแบตเตอรี่ลิเทียม มอเตอร์ และกล่องควบคุม และดัดแปลงรถน้ำมันเป็นรถไฟฟ้าอย่างปลอดภัย",
        "Repair electric motorcycles, test lithium batteries, motors and controllers, and convert petrol "
        "motorcycles to electric safely.",
        "ipc5", "ev-motorcycle", 120, "4500.00", "eef", "4500.00", "4001",
        [("ev.safety.hv_procedures", 2), ("ev.battery.safety", 2), ("ev.battery.test", 2), ("ev.drive.system", 2),
         ("ev.motor.hub_replace", 2), ("ev.controller.wiring", 2), ("ev.convert.plan", 1),
         ("ev.convert.install", 1)],
    ),
    ("EV-BAT-201", "ซ่อมและประกอบแพ็กแบตเตอรี่ลิเทียม", "Lithium battery pack repair and assembly",
     "ตรวจวัดเซลล์ เปลี่ยนเซลล์เสื่อม สปอตเวลด์ และตรวจบีเอ็มเอส ของแบตรถไฟฟ้าและจักรยานไฟฟ้า",
     "Test cells, replace weak cells, spot-weld and check the BMS of e-motorcycle and e-bike batteries.",
     "isan-ev-motors", "ev-motorcycle", 60, "3000.00", "isan-ev-motors", "1500.00", "4001",
     [("ev.battery.safety", 2), ("ev.battery.test", 2), ("ev.bms.diagnose", 2), ("ev.battery.repair", 2)]),
    ("EV-CHG-110", "ช่างติดตั้งและซ่อมเครื่องชาร์จรถไฟฟ้า", "EV charger installation and repair",
     "ติดตั้งที่ชาร์จ ต่อสายดิน เครื่องตัดไฟรั่ว และหาสาเหตุเมื่อรถชาร์จไม่เข้า",
     "Install chargers with earthing and residual-current protection, and find why a vehicle will not charge.",
     "kk-tech", "ev-motorcycle", 45, "2500.00", None, "0.00", "4001",
     [("ev.charge.safety", 2), ("ev.charge.diagnose", 2), ("ev.elec.measure", 2)]),
    ("EV-CONV-301", "ดัดแปลงมอเตอร์ไซค์น้ำมันเป็นมอเตอร์ไซค์ไฟฟ้าและจดทะเบียน",
     "Petrol-to-electric motorcycle conversion and DLT registration",
     "ถอดเครื่องยนต์ ติดตั้งชุดแปลง มอเตอร์ แบตเตอรี่ และคอนโทรลเลอร์ แล้วเตรียมเอกสารแจ้งเปลี่ยนเครื่องกับขนส่ง",
     "Remove the engine, fit the conversion kit (motor, battery, controller) and prepare the DLT paperwork.",
     "ipc5", "ev-motorcycle", 90, "6000.00", "eef", "5000.00", "4010",
     [("ev.convert.plan", 2), ("ev.convert.install", 2), ("ev.convert.registration", 2)]),
    ("EV-CTRL-150", "กล่องควบคุมและฮับมอเตอร์รถไฟฟ้า", "EV controllers and hub motors",
     "ต่อสายเฟส ฮอลล์เซนเซอร์ คันเร่ง และตัดไฟเบรก ตั้งค่ากล่องควบคุม และเปลี่ยนฮับมอเตอร์",
     "Wire phase, Hall sensor, throttle and brake cut-off; configure controllers and replace hub motors.",
     "isan-ev-motors", "ev-motorcycle", 40, "2000.00", "isan-ev-motors", "2000.00", "4005",
     [("ev.controller.wiring", 2), ("ev.motor.hub_replace", 2), ("ev.elec.wiring_diagram", 2)]),
    ("EV-SAFE-040", "ความปลอดภัยงานไฟฟ้าแรงดันสูงในยานยนต์ไฟฟ้า", "High-voltage safety for EV work",
     "สวมอุปกรณ์ป้องกัน ตัดแยกวงจร และเตรียมพื้นที่ก่อนทำงานกับรถไฟฟ้า",
     "Wear PPE, isolate and de-energise circuits and prepare the work area before working on EVs.",
     "ipc5", "ev-motorcycle", 18, "0.00", None, "0.00", "4001",
     [("ev.safety.hv_procedures", 2), ("shop.safety.ohs", 1)]),
    ("EV-3W-160", "ซ่อมรถสามล้อไฟฟ้าและตุ๊กตุ๊กไฟฟ้า", "Electric three-wheeler and tuk-tuk repair",
     "ดูแลรถสามล้อไฟฟ้าสำหรับขนส่งสินค้าในชุมชน ระบบขับเคลื่อน แบตเตอรี่ และเบรก",
     "Maintain electric cargo three-wheelers and tuk-tuks: drive system, battery and brakes.",
     "isan-ev-motors", "ev-motorcycle", 60, "3500.00", "kk-pao", "2000.00", "4013",
     [("ev.drive.system", 2), ("moto.brake.service", 1)]),
    ("EBIKE-070", "ซ่อมจักรยานไฟฟ้า", "E-bike repair",
     "ซ่อมจักรยานไฟฟ้าที่นักเรียนและแม่ค้าใช้ เปลี่ยนแบต สายไฟ และยาง",
     "Repair the e-bikes students and vendors ride: batteries, wiring and tyres.",
     "kk-youth", "ev-motorcycle", 30, "0.00", None, "0.00", "4019",
     [("ev.elec.harness_repair", 1), ("moto.tyre.service", 1)]),
    ("MC-BASIC-101", "ซ่อมรถจักรยานยนต์เบื้องต้น", "Motorcycle repair basics",
     "เปลี่ยนถ่ายน้ำมันเครื่อง ปรับตั้งโซ่ เปลี่ยนผ้าเบรกและยาง งานบำรุงรักษามอเตอร์ไซค์ที่ร้านต้องการ",
     "Oil changes, chain adjustment, brake pads and tyres: the routine motorcycle work every shop needs.",
     "banphai-ic", "small-engine", 80, "0.00", None, "0.00", "4010",
     [("moto.general.repair", 1), ("moto.brake.service", 1), ("moto.tyre.service", 1), ("shop.tools.hand", 1)]),
    ("MC-FI-120", "ระบบหัวฉีดรถจักรยานยนต์", "Motorcycle fuel injection diagnosis",
     "ถอดประกอบและวิเคราะห์อาการเสียของระบบหัวฉีด ปั๊มติ๊ก และเซนเซอร์",
     "Strip, rebuild and diagnose fuel-injection systems, fuel pumps and sensors.",
     "kk-tech", "small-engine", 40, "1800.00", "eef", "900.00", "4001",
     [("moto.fuel.injection", 2), ("moto.engine.diagnose", 2)]),
    ("MC-BRAKE-105", "เบรก ช่วงล่าง และยางรถจักรยานยนต์", "Motorcycle brakes, suspension and tyres",
     "ตรวจและเปลี่ยนเบรก โช้คอัพ ลูกปืนคอ และยาง ทดสอบขับหลังซ่อม",
     "Inspect and replace brakes, shock absorbers, steering bearings and tyres; road-test after repair.",
     "phon-ic", "small-engine", 36, "900.00", None, "0.00", "4012",
     [("moto.brake.service", 2), ("moto.suspension.service", 2), ("moto.test.road", 1)]),
    ("MC-DIAG-140", "วิเคราะห์อาการเสียรถจักรยานยนต์ด้วยมัลติมิเตอร์", "Motorcycle diagnostics with a multimeter",
     "หาสาเหตุรถสตาร์ทไม่ติด ไฟไม่ชาร์จ และเครื่องสะดุด ด้วยเครื่องมือวัดและคู่มือซ่อม",
     "Find why a motorcycle will not start, charge or run smoothly, using meters and service manuals.",
     "chumphae-tc", "small-engine", 30, "1200.00", "kk-pao", "1200.00", "4005",
     [("moto.diag.vehicle", 2), ("ev.elec.measure", 1), ("shop.docs.technical", 1)]),
    ("ENG-FARM-110", "ซ่อมเครื่องยนต์เล็กเพื่อการเกษตร", "Small farm engine repair",
     "ซ่อมเครื่องตัดหญ้า เครื่องสูบน้ำ และรถไถเดินตาม ที่ใช้ในไร่นา",
     "Repair brush cutters, water pumps and walking tractors used on farms.",
     "chumphae-tc", "small-engine", 48, "500.00", None, "0.00", "4005",
     [("moto.engine.diagnose", 1), ("shop.tools.hand", 1)]),
    ("ELEC-HOME-101", "ช่างไฟฟ้าภายในอาคาร", "Building electrician",
     "เดินสายไฟ ติดตั้งเบรกเกอร์ ปลั๊ก และโคมไฟในบ้านตามมาตรฐาน เตรียมสอบมาตรฐานฝีมือแรงงาน",
     "Wire houses, fit breakers, sockets and lights to standard; prepare for the national skill test.",
     "dsd-kk", "electrical", 60, "0.00", None, "0.00", "4001",
     [("ev.elec.fundamentals", 2), ("ev.elec.measure", 2)]),
    ("ELEC-SOLDER-090", "บัดกรีและซ่อมอุปกรณ์อิเล็กทรอนิกส์", "Soldering and electronics repair",
     "บัดกรีแผงวงจร ย้ำหางปลา และซ่อมพัดลม หม้อหุงข้าว และวิทยุ",
     "Solder circuit boards, crimp connectors and repair fans, rice cookers and radios.",
     "kk-tech", "electrical", 30, "600.00", None, "0.00", "4001",
     [("ev.elec.solder", 2), ("ev.elec.fundamentals", 1)]),
    ("AC-REPAIR-120", "ช่างซ่อมเครื่องปรับอากาศ", "Air-conditioner repair technician",
     "ล้างแอร์ เติมน้ำยา ติดตั้งแอร์บ้าน และหาอาการเสียของคอมเพรสเซอร์",
     "Clean and service air-conditioners, recharge refrigerant, install home units and diagnose compressors.",
     "dsd-kk", "electrical", 60, "1500.00", "kk-pao", "1000.00", "4001",
     [("ev.elec.measure", 1), ("shop.customer.communicate", 1)]),
    ("PHONE-080", "ซ่อมโทรศัพท์มือถือ", "Mobile phone repair",
     "เปลี่ยนจอ แบตเตอรี่ และพอร์ตชาร์จโทรศัพท์มือถือ และดูแลลูกค้าหน้าร้าน",
     "Replace phone screens, batteries and charging ports, and serve customers at the counter.",
     "kk-youth", "electrical", 40, "800.00", "eef", "800.00", "4009",
     [("ev.elec.solder", 1), ("shop.customer.communicate", 1)]),
    ("SOLAR-PV-130", "ติดตั้งโซล่าเซลล์บนหลังคา", "Rooftop solar installation",
     "ออกแบบ ติดตั้ง และดูแลระบบโซล่าเซลล์บนหลังคาบ้าน อินเวอร์เตอร์ และความปลอดภัยบนที่สูง",
     "Design, install and maintain rooftop solar systems and inverters, working safely at height.",
     "ipc5", "energy", 60, "3000.00", "eef", "3000.00", "4007",
     [("ev.elec.fundamentals", 2), ("shop.safety.ohs", 1)]),
    ("SOLAR-PUMP-115", "ระบบสูบน้ำพลังงานแสงอาทิตย์สำหรับเกษตรกร", "Solar water pumps for farms",
     "ติดตั้งปั๊มน้ำโซลาร์เซลล์สำหรับนาและสวน และซ่อมเมื่อปั๊มไม่ทำงาน",
     "Install solar-powered pumps for rice fields and gardens, and repair them when they fail.",
     "kk-youth", "energy", 24, "0.00", None, "0.00", "4016",
     [("ev.elec.fundamentals", 1)]),
    ("WELD-101", "ช่างเชื่อมโลหะเบื้องต้น", "Basic metal welding",
     "เชื่อมไฟฟ้า ตัด และประกอบโครงเหล็ก ประตูรั้ว และหลังคา",
     "Arc welding, cutting and assembling steel frames, gates and roofs.",
     "banphai-ic", "metal", 90, "0.00", None, "0.00", "4010",
     [("shop.safety.ohs", 1), ("shop.tools.hand", 1)]),
    ("WELD-FRAME-201", "งานเชื่อมโครงรถและตะแกรงบรรทุก", "Welding vehicle frames and cargo racks",
     "เชื่อมซ่อมโครงรถจักรยานยนต์ พ่วงข้าง และตะแกรงบรรทุกของ",
     "Weld and repair motorcycle frames, sidecars and cargo racks.",
     "phon-ic", "metal", 60, "1500.00", None, "0.00", "4012",
     [("moto.general.repair", 1), ("shop.safety.ohs", 1)]),
    ("SHOP-BIZ-060", "เปิดร้านซ่อมของตัวเอง: บัญชี ใบเสนอราคา และลูกค้า",
     "Run your own repair shop: bookkeeping, quotes and customers",
     "ทำใบเสนอราคา ออกใบเสร็จ ทำบัญชีรายรับรายจ่าย ดูแลสต็อกอะไหล่ และรับมือลูกค้าไม่พอใจ",
     "Write quotes, issue receipts, keep income and expense books, manage parts stock and handle complaints.",
     "kk-youth", "business", 24, "0.00", "eef", "0.00", "4001",
     [("shop.quote.estimate", 2), ("shop.billing.invoice", 2), ("shop.bookkeeping", 1), ("shop.inventory.parts", 1)]),
    ("SHOP-SAFE-030", "ความปลอดภัยในร้านซ่อมและการกำจัดของเสียอันตราย",
     "Workshop safety and hazardous waste",
     "ป้องกันอุบัติเหตุในร้านซ่อม จัดเก็บน้ำมันเครื่องเก่าและแบตเตอรี่เสื่อมอย่างถูกวิธี",
     "Prevent workshop accidents and dispose of used oil and spent batteries correctly.",
     "dsd-kk", "business", 12, "0.00", None, "0.00", "4001",
     [("shop.safety.ohs", 2), ("shop.safety.hazwaste", 2)]),
    ("SHOP-ONLINE-040", "ขายอะไหล่และบริการซ่อมออนไลน์", "Selling spare parts and repair services online",
     "เปิดร้านบนแอปส่งของและโซเชียล ถ่ายรูปสินค้า ตอบแชตลูกค้า และรับเงินพร้อมเพย์",
     "Sell parts and repairs through social media and delivery apps, answer customer chats, take PromptPay.",
     "kk-youth", "business", 16, "0.00", None, "0.00", "4007",
     [("shop.customer.communicate", 1), ("shop.billing.invoice", 1)]),
    ("DRONE-090", "บังคับและซ่อมโดรนเกษตร", "Agricultural drone piloting and maintenance",
     "บินโดรนพ่นปุ๋ยและยาอย่างปลอดภัย ดูแลแบตเตอรี่ มอเตอร์ และใบพัด",
     "Fly spraying drones safely and maintain their batteries, motors and propellers.",
     "ipc5", "electrical", 40, "5000.00", "kk-pao", "2500.00", "4018",
     [("ev.battery.safety", 1), ("ev.drive.system", 1)]),
    ("FORKLIFT-050", "ขับรถโฟล์คลิฟท์อย่างปลอดภัย", "Safe forklift operation",
     "ขับและตรวจรถยกโฟล์คลิฟท์ในโกดังและโรงงานน้ำตาล พร้อมชาร์จแบตรถยกไฟฟ้า",
     "Drive and check forklifts in warehouses and sugar mills, and charge electric forklifts.",
     "dsd-kk", "services", 30, "1000.00", None, "0.00", "4007",
     [("shop.safety.ohs", 1), ("ev.charge.safety", 1)]),
    ("COOK-ISAN-100", "ผู้ช่วยพ่อครัวอาหารไทยและอาหารอีสาน", "Thai and Isan kitchen assistant",
     "เตรียมวัตถุดิบ ทำส้มตำ ลาบ และอาหารจานเดียว ตามหลักสุขอนามัย",
     "Prepare ingredients and cook som tam, larb and one-plate dishes hygienically.",
     "kk-youth", "services", 60, "0.00", "eef", "0.00", "4001",
     [("shop.customer.communicate", 1)]),
    ("BARISTA-060", "บาริสต้าและบริการร้านกาแฟ", "Barista and coffee-shop service",
     "ชงกาแฟ ดูแลเครื่องชง และบริการลูกค้าในร้านกาแฟ",
     "Make coffee, look after the espresso machine and serve customers in a coffee shop.",
     "kk-youth", "services", 30, "1200.00", None, "0.00", "4001",
     [("shop.customer.communicate", 1)]),
    ("SILK-080", "ตัดเย็บเสื้อผ้าจากผ้าไหมมัดหมี่", "Sewing and mudmee silk tailoring",
     "ตัดเย็บเสื้อและกระโปรงจากผ้าไหมมัดหมี่ชนบท และขายออนไลน์",
     "Tailor shirts and skirts from Chonnabot mudmee silk and sell them online.",
     "dsd-kk", "services", 60, "0.00", None, "0.00", "4018",
     [("shop.customer.communicate", 1)]),
    ("BARBER-090", "ช่างตัดผมชาย", "Barber",
     "ตัดผมชายทรงพื้นฐานและทรงนิยม ดูแลอุปกรณ์ และเปิดร้านเล็ก ๆ ในหมู่บ้าน",
     "Classic and popular men's cuts, tool hygiene and opening a small village barber shop.",
     "dsd-kk", "services", 45, "0.00", "kk-pao", "0.00", "4002",
     [("shop.customer.communicate", 1)]),
    ("CARCARE-070", "ล้างและเคลือบสีรถยนต์", "Car wash and detailing",
     "ล้าง ขัด และเคลือบสีรถยนต์และมอเตอร์ไซค์ ดูแลเครื่องมือ",
     "Wash, polish and coat cars and motorcycles; look after the equipment.",
     "phon-ic", "services", 20, "400.00", None, "0.00", "4004",
     [("shop.tools.hand", 1)]),
    ("EV-MC-102", "ช่างบำรุงรักษามอเตอร์ไซค์ไฟฟ้าสำหรับไรเดอร์ส่งอาหาร", "E-motorcycle maintenance for delivery riders",
     "ดูแลรถไฟฟ้าของไรเดอร์ เปลี่ยนยาง ผ้าเบรก ตรวจแบต และรู้ว่าเมื่อไรต้องส่งช่าง",
     "Keep delivery riders' electric motorcycles going: tyres, brake pads, battery checks, when to call a mechanic.",
     "chumphae-tc", "ev-motorcycle", 16, "0.00", "isan-ev-motors", "0.00", "4005",
     [("moto.general.repair", 1), ("ev.battery.test", 1)]),
]
# Second intakes elsewhere: external_id → (district, days from today to the start)
EXTRA_COHORTS = {
    "EV-MC-101": [("4005", 75), ("4012", 120)],
    "MC-BASIC-101": [("4001", 45)],
    "EV-BAT-201": [("4010", 95)],
    "WELD-101": [("4014", 60)],
    "ELEC-HOME-101": [("4009", 80)],
}
VENUES = {
    "ipc5": "ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5 ถ.มิตรภาพ", "kk-tech": "วิทยาลัยเทคนิคขอนแก่น อาคารช่างยนต์",
    "isan-ev-motors": "โรงงานอีสานอีวีมอเตอร์", "banphai-ic": "วิทยาลัยการอาชีพบ้านไผ่",
    "chumphae-tc": "วิทยาลัยเทคนิคชุมแพ", "phon-ic": "วิทยาลัยการอาชีพพล", "dsd-kk": "สถาบันพัฒนาฝีมือแรงงาน 6",
    "kk-youth": "ศูนย์เยาวชนชุมชน",
}
DEMO_PASSWORDS = {
    # username: (password, role) — printed by seed_demo; for the demo only
    "centre.editor": ("saphan-editor-2026", "ipc5 centre editor (edits ipc5 courses, submits for moderation)"),
    "course.moderator": ("saphan-moderator-2026", "course moderator (approves and publishes)"),
}


def _site_root() -> HomePage:
    """The HomePage as the default site's root, replacing Wagtail's placeholder "Welcome" page once."""
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    if root is None:  # a flushed database (transactional tests) has lost Wagtail's migration-made root
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    for placeholder in root.get_children().filter(slug="home"):
        if placeholder.specific_class is Page:
            placeholder.delete()  # cascades to the Site that pointed at it; recreated below
    home = root.add_child(
        instance=HomePage(
            title="สะพานอาชีพ", slug="home", intro_th="เรียนทักษะ ได้งานใกล้บ้าน",
            intro_en="Learn a trade, find work near home",
        )
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Saphan สะพานอาชีพ"
        )
    else:
        site.root_page = home
        site.save()
    return home


def _catalogue(home: HomePage) -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = home.add_child(
            instance=CourseIndexPage(title="หลักสูตร", slug="courses", intro_th="หลักสูตรฝึกอาชีพในขอนแก่น",
                                     intro_en="Skills courses in Khon Kaen")
        )
    return index


def _cohort(external_id, n, *, provider, district, start_in, fee, sponsor, share, seats=20) -> Cohort:
    today = timezone.localdate()
    start = today + timedelta(days=start_in)
    return Cohort(
        code=f"{external_id}-{n}", start_date=start, end_date=start + timedelta(days=30),
        schedule_text="จ.–ศ. 09:00–16:00", venue=VENUES.get(provider, "ศูนย์ฝึก"),
        district=District.objects.get(code=district), seats=seats, fee_thb=Decimal(fee),
        sponsor=Sponsor.objects.get(slug=sponsor) if sponsor else None, sponsor_share_thb=Decimal(share),
        enrol_opens=today - timedelta(days=7), enrol_closes=start - timedelta(days=5), status=Cohort.Status.OPEN,
    )


def upsert_course(index: CourseIndexPage, spec, *, publish=True, position=0) -> CoursePage:
    (external_id, title_th, title_en, summary_th, summary_en, provider, category, hours, fee, sponsor, share,
     district, skills) = spec
    page = CoursePage.objects.filter(external_id=external_id).first()
    provider_obj = Provider.objects.get(slug=provider)
    fields = {
        "title": title_th, "title_en": title_en, "summary_th": summary_th, "summary_en": summary_en,
        "provider": provider_obj, "category": Category.objects.get(slug=category),
        "hours": hours, "certificate_offered": "วุฒิบัตร / certificate of completion",
        "featured": external_id in {"EV-MC-101", "EV-CONV-301", "MC-BASIC-101"},
    }
    if page is None:
        page = CoursePage(external_id=external_id, slug=external_id.lower(), **fields)
        parent = provider_obj.courses_root.specific if provider_obj.courses_root_id else index
        parent.add_child(instance=page)
    else:
        for key, value in fields.items():
            setattr(page, key, value)
    for code, level in skills:
        CourseSkill.objects.update_or_create(course=page, skill=Skill.objects.get(code=code),
                                             defaults={"level": level})
    if not page.cohorts.exists():
        page.cohorts.add(_cohort(external_id, 1, provider=provider, district=district, start_in=21 + 3 * position,
                                 fee=fee, sponsor=sponsor, share=share,
                                 seats=12 if external_id == "EV-MC-101" else 20))
        for n, (extra_district, start_in) in enumerate(EXTRA_COHORTS.get(external_id, []), start=2):
            page.cohorts.add(_cohort(external_id, n, provider=provider, district=extra_district, start_in=start_in,
                                     fee=fee, sponsor=sponsor, share=share))
    if external_id == "EV-MC-101" and not page.body:
        page.body = [
            ("paragraph", RichText("<p>หลักสูตรร่วมกับศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5 และบริษัทรถจักรยานยนต์ "
                                   "ฝึกกับรถจริงในโรงฝึก จบแล้วมีร้านซ่อมในขอนแก่นรอรับเข้าทำงาน</p>")),
            ("syllabus_module", {"title": "ความปลอดภัยงานไฟฟ้าแรงดันสูง", "hours": Decimal("12"),
                                 "description": "PPE การตัดแยกวงจร"}),
            ("syllabus_module", {"title": "แบตเตอรี่ลิเทียมและบีเอ็มเอส", "hours": Decimal("30"), "description": ""}),
            ("syllabus_module", {"title": "มอเตอร์และกล่องควบคุม", "hours": Decimal("30"), "description": ""}),
            ("syllabus_module", {"title": "ดัดแปลงรถน้ำมันเป็นรถไฟฟ้าและจดทะเบียน", "hours": Decimal("48"),
                                 "description": ""}),
            ("faq", {"question": "ไม่มีเงินค่าเรียนทำอย่างไร", "answer": RichText(
                "<p>เยาวชนนอกระบบการศึกษาได้ทุน กสศ. เต็มจำนวน ไม่ต้องจ่ายเอง</p>")}),
        ]
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def _demo_users() -> None:
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    ipc5 = Provider.objects.get(slug="ipc5")
    for username, (password, _role) in DEMO_PASSWORDS.items():
        user, created = user_model.objects.get_or_create(username=username, defaults={"first_name": username})
        if created:
            user.set_password(password)
            user.save()
        group = ipc5.staff_group if username == "centre.editor" else Group.objects.get(name=permissions.MODERATORS)
        user.groups.add(group)


def _site_admin() -> None:
    """A programme officer with every right, for local demos only (admin / saphan-admin-2026)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if not users.filter(username="admin").exists():
        users.create_superuser(username="admin", password="saphan-admin-2026", email="admin@saphan.local")


def load(stdout=None) -> str:
    _site_admin()
    districts = load_districts()
    skills = load_skills()
    for slug, name_th, name_en, kind, district in PROVIDERS:
        Provider.objects.update_or_create(
            slug=slug, defaults={"name_th": name_th, "name_en": name_en, "kind": kind, "district_id": district}
        )
    for slug, name_th, name_en in CATEGORIES:
        Category.objects.update_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en})
    # a database that got near-duplicates ("งานเชื่อม" beside "งานเชื่อมและโลหะ") keeps one of each
    merge_similar_categories(Category, CoursePage, Revision, keep_slugs=[c[0] for c in CATEGORIES])
    for slug, name_th, name_en, kind in SPONSORS:
        eligibility_th, eligibility_en = SPONSOR_ELIGIBILITY.get(slug, ("", ""))
        Sponsor.objects.update_or_create(slug=slug, defaults={"name_th": name_th, "name_en": name_en, "kind": kind,
                                                              "eligibility_th": eligibility_th,
                                                              "eligibility_en": eligibility_en})
    home = _site_root()
    index = _catalogue(home)
    for provider in Provider.objects.filter(slug__in=[p[0] for p in PROVIDERS]):
        permissions.setup_provider(provider=provider, catalogue=index)
    permissions.setup_moderation(catalogue=index)
    _demo_users()
    if not NewsIndexPage.objects.exists():
        news = home.add_child(instance=NewsIndexPage(title="ข่าวประชาสัมพันธ์", slug="news"))
        news.add_child(instance=NewsPage(
            title="เปิดรับสมัครรุ่นใหม่: ช่างซ่อมรถจักรยานยนต์ไฟฟ้า", slug="ev-intake",
            summary="ศูนย์ส่งเสริมอุตสาหกรรมภาคที่ 5 เปิดรับเยาวชนอายุ 15–24 ปี เรียนฟรีด้วยทุน กสศ.",
        ))
        news.add_child(instance=NewsPage(
            title="ลงนาม MOU ฝึกช่างรถไฟฟ้ากับบริษัท อีสานอีวีมอเตอร์", slug="mou-isan-ev",
            summary="ผู้จบหลักสูตรได้ฝึกงานและมีตำแหน่งงานรองรับในร้านซ่อมทั่วขอนแก่น",
        ))
    created = 0
    for position, spec in enumerate(COURSES):
        if not CoursePage.objects.filter(external_id=spec[0]).exists():
            upsert_course(index, spec, position=position)
            created += 1
    logins = "; ".join(f"{u} / {p} ({role})" for u, (p, role) in DEMO_PASSWORDS.items())
    return f"{districts} districts, {skills} skills, {created} new courses; demo logins: {logins}"
