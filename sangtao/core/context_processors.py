from django.conf import settings


def sangtao(request):
    return {"SANGTAO_DEMO": settings.SANGTAO_DEMO, "SANGTAO_TODAY": settings.SANGTAO_TODAY}
