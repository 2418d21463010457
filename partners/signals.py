"""Links a new trainee to referrals: by the invitation token, and by phone for referrals made before sign-up."""

from django.dispatch import receiver

from trainees.signals import trainee_signed_up

from .models import Referral


@receiver(trainee_signed_up, dispatch_uid="partners_link_referrals")
def link_referrals(sender, trainee_id, referral_token="", **kwargs):
    from trainees.models import TraineeProfile

    trainee = TraineeProfile.objects.select_related("user").get(pk=trainee_id)
    if referral_token:
        Referral.objects.filter(token=referral_token, trainee__isnull=True).update(trainee=trainee)
    if trainee.user.phone:
        Referral.objects.filter(phone=trainee.user.phone, trainee__isnull=True).update(trainee=trainee)
