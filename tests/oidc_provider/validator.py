from oauth2_provider.oauth2_validators import OAuth2Validator

#: username → (email, email_verified) of the provider's accounts.
PEOPLE = {
    "teacher": ("teacher@uniform.demo", True),
    "unverified": ("teacher@uniform.demo", False),
    "stranger": ("nobody@uniform.demo", True),
    "outsider": ("someone@elders.test", True),
    "schooladmin": ("schooladmin@uniform.demo", True),
}


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        email, verified = PEOPLE[request.user.username]
        return {"email": email, "email_verified": verified, "name": request.user.username}
