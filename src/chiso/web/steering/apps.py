from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "chiso.web.steering"
    label = "steering"
    verbose_name = "Điều hành: kịch bản, mục tiêu, độ vững"
