from config.errors import NotAllowed, SaphanError


class EmployerError(SaphanError):
    message_th = "ข้อมูลนายจ้างหรือตำแหน่งงานไม่ถูกต้อง"
    message_en = "Invalid employer or opening data."


class WageBelowMinimum(EmployerError):
    message_th = "ค่าจ้างต่ำกว่าค่าแรงขั้นต่ำจังหวัดขอนแก่น (357 บาท/วัน)"
    message_en = "Wage below the Khon Kaen minimum wage (357 THB/day)."


class DiscriminatoryRequirement(EmployerError):
    message_th = "ประกาศงานต้องไม่กำหนดเพศ ศาสนา หรือสถานภาพสมรส"
    message_en = "Openings cannot ask for gender, religion or marital status."


class NotVerified(NotAllowed):
    message_th = "นายจ้างต้องได้รับการยืนยันตัวตนก่อนจึงจะค้นหาผู้สำเร็จการฝึกได้"
    message_en = "Only verified employers can search graduates."
